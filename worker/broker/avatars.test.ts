import { afterEach, describe, expect, it } from 'vitest';
import type { AvatarsReply } from '../../protocol/broker-api';
import { armFaults, call, clearFaults, errorOf, watchUpstream } from './testing/broker-test-kit';

const LIST_PATH = '/api/v1/streaming-avatar/all_avatars';
let upstreamId = 0;
/** A fresh upstream base URL per test, so the avatars cache of one test never serves another. */
const freshUpstream = () => ({ A2E_BASE_URL: `https://a2e-${++upstreamId}-${crypto.randomUUID()}.test` });

afterEach(clearFaults);

describe('GET /v1/avatars', () => {
  it('lists the simulator’s avatars in the broker’s shape, with the transport', async () => {
    const res = await call('/v1/avatars', { env: freshUpstream() });
    expect(res.status).toBe(200);
    const reply = (await res.json()) as AvatarsReply;
    expect(reply.transport).toBe('simulator');
    expect(reply.avatars.length).toBeGreaterThan(0);
    for (const avatar of reply.avatars) {
      expect(avatar.id).toMatch(/\S/);
      expect(avatar.name).toMatch(/\S/);
      expect(Object.keys(avatar).every((key) => ['id', 'name', 'previewImageUrl', 'previewVideoUrl', 'gender'].includes(key))).toBe(true);
    }
    expect(reply.avatars.some((avatar) => avatar.previewImageUrl)).toBe(true);
  });

  it('answers a second request from the cache without asking A2E again', async () => {
    const upstream = freshUpstream();
    const watch = watchUpstream();
    try {
      const first = await (await call('/v1/avatars', { env: upstream })).json();
      const second = await call('/v1/avatars', { env: upstream });
      expect(second.status).toBe(200);
      expect(await second.json()).toEqual(first);
      expect(second.headers.get('Cache-Control')).toMatch(/max-age=\d+/);
      expect(watch.paths().filter((path) => path === LIST_PATH)).toHaveLength(1);
    } finally {
      watch.stop();
    }
  });

  it('retries a transient upstream 5xx (a safe call) and succeeds', async () => {
    await armFaults({ fail5xx: 1 });
    const watch = watchUpstream();
    try {
      const res = await call('/v1/avatars', { env: freshUpstream() });
      expect(res.status).toBe(200);
      expect(watch.paths().filter((path) => path === LIST_PATH)).toHaveLength(2);
    } finally {
      watch.stop();
    }
  });

  it('maps a lasting upstream 5xx to 502 upstream_error', async () => {
    await armFaults({ fail5xx: 5 });
    const res = await call('/v1/avatars', { env: freshUpstream() });
    expect(res.status).toBe(502);
    const error = await errorOf(res);
    expect(error.code).toBe('upstream_error');
    expect(error.message).toMatch(/A2E answered HTTP 503/);
    expect(error.requestId).toMatch(/\S/);
  });

  it('maps upstream timeouts to 504 upstream_timeout', async () => {
    await armFaults({ timeout: 5 });
    const res = await call('/v1/avatars', { env: { ...freshUpstream(), UPSTREAM_TIMEOUT_MS: '50' } });
    expect(res.status).toBe(504);
    expect((await errorOf(res)).code).toBe('upstream_timeout');
  });

  it('maps a malformed upstream reply to 502', async () => {
    await armFaults({ malformed: 5 });
    const res = await call('/v1/avatars', { env: freshUpstream() });
    expect(res.status).toBe(502);
    const error = await errorOf(res);
    expect(error.code).toBe('upstream_error');
    expect(error.message).toMatch(/could not read/);
  });

  it('maps A2E’s code != 0 to 502 with A2E’s message, and does not retry it', async () => {
    await armFaults({ errorCode: { code: 4001, msg: 'account suspended', count: 5 } });
    const watch = watchUpstream();
    try {
      const res = await call('/v1/avatars', { env: freshUpstream() });
      expect(res.status).toBe(502);
      const error = await errorOf(res);
      expect(error.code).toBe('upstream_error');
      expect(error.message).toMatch(/code 4001.*account suspended/);
      expect(watch.paths()).toHaveLength(1);
    } finally {
      watch.stop();
    }
  });

  it('sends CORS headers to an allowed origin only', async () => {
    const upstream = freshUpstream();
    const allowed = await call('/v1/avatars', { env: upstream });
    expect(allowed.headers.get('Access-Control-Allow-Origin')).toBe('https://shop.example');
    const other = await call('/v1/avatars', { env: upstream, origin: 'https://evil.example' });
    expect(other.headers.get('Access-Control-Allow-Origin')).toBeNull();
  });
});
