import { SELF } from 'cloudflare:test';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { MAX_CONTEXT_LENGTH, type CreateSessionReply } from '../../protocol/broker-api';
import { DEFAULTS } from '../config';
import { armFaults, call, channelOpen, clearFaults, errorOf, knownAvatarId, startSession, upstreamOf } from './testing/broker-test-kit';
import { sessionLedger } from './session-ledger';
import { env } from './testing/broker-test-kit';
import { simulatorApp } from '../simulator/simulator-app';

const TOKEN_PATH = '/api/v1/streaming-avatar/agora-token';
let avatarId: string;

beforeAll(async () => {
  avatarId = await knownAvatarId();
});
afterEach(clearFaults);


describe('POST /v1/sessions', () => {
  it('mints a room upstream and answers 201 with a ticket and the simulator rtc', async () => {
    const before = Date.now();
    const res = await call('/v1/sessions', { body: { avatarId, language: 'en-US' } });
    expect(res.status).toBe(201);
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe('https://shop.example');
    const reply = (await res.json()) as CreateSessionReply;
    expect(reply.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(reply.ticket.split('.')).toHaveLength(3);
    expect(reply.idleSeconds).toBe(DEFAULTS.sessionIdleSeconds);
    const expiresAt = Date.parse(reply.expiresAt);
    expect(expiresAt).toBeGreaterThan(before + (DEFAULTS.sessionMaxSeconds - 2) * 1000);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + DEFAULTS.sessionMaxSeconds * 1000);
    expect(reply.rtc.transport).toBe('simulator');
    if (reply.rtc.transport !== 'simulator') return;
    expect(reply.rtc.appId).toMatch(/\S/);
    expect(Number.isInteger(reply.rtc.uid)).toBe(true);
    expect(reply.rtc.roomUrl).toBe(
      `/sim/rooms/${encodeURIComponent(reply.rtc.channel)}?token=${encodeURIComponent(reply.rtc.token)}&uid=${reply.rtc.uid}`,
    );
    expect(await channelOpen(reply.rtc.channel)).toBe(true);
  });

  it('works through the Worker’s own entry point (SELF): create, speak, leave', async () => {
    const headers = { Origin: 'https://shop.example', 'Content-Type': 'application/json' };
    const created = await SELF.fetch('https://broker.test/v1/sessions', { method: 'POST', headers, body: JSON.stringify({ avatarId }) });
    expect(created.status).toBe(201);
    const { sessionId, ticket, rtc } = (await created.json()) as CreateSessionReply;
    const auth = { ...headers, Authorization: `Bearer ${ticket}` };
    const spoken = await SELF.fetch(`https://broker.test/v1/sessions/${sessionId}/speak`, { method: 'POST', headers: auth, body: JSON.stringify({ text: 'Hi' }) });
    expect(spoken.status).toBe(200);
    const left = await SELF.fetch(`https://broker.test/v1/sessions/${sessionId}/leave`, { method: 'POST', headers: auth });
    expect(left.status).toBe(200);
    expect(await channelOpen(rtc.channel)).toBe(false);
    expect(await sessionLedger(env).holds(sessionId)).toBe(false);
  });

  it('asks A2E for SESSION_MAX_SECONDS and reports SESSION_IDLE_SECONDS', async () => {
    const reply = await startSession({ env: { SESSION_MAX_SECONDS: '90', SESSION_IDLE_SECONDS: '30' } });
    expect(reply.idleSeconds).toBe(30);
    const seconds = (Date.parse(reply.expiresAt) - Date.now()) / 1000;
    expect(seconds).toBeGreaterThan(85);
    expect(seconds).toBeLessThanOrEqual(90);
  });

  it('sets the QA context given at creation', async () => {
    const reply = await startSession({ body: { context: 'Opening hours: 9 to 5.' } });
    const res = await call(`/v1/sessions/${reply.sessionId}/context`, { ticket: reply.ticket });
    expect(await res.json()).toEqual({ context: 'Opening hours: 9 to 5.' });
  });

  it('allows the Worker’s own origin even when ALLOWED_ORIGINS does not list it', async () => {
    const res = await call('/v1/sessions', { body: { avatarId }, origin: 'https://broker.test' });
    expect(res.status).toBe(201);
  });

  it('allows any origin, and callers without one, when ALLOWED_ORIGINS is *', async () => {
    const open = { ALLOWED_ORIGINS: '*' };
    expect((await call('/v1/sessions', { body: { avatarId }, origin: 'https://anyone.example', env: open })).status).toBe(201);
    expect((await call('/v1/sessions', { body: { avatarId }, origin: null, env: open })).status).toBe(201);
  });

  it('matches a listed origin whatever the case of either, and a trailing slash in the list', async () => {
    const listed = { ALLOWED_ORIGINS: 'https://other.example, HTTPS://Shop.Example/' };
    const res = await call('/v1/sessions', { body: { avatarId }, origin: 'https://shop.EXAMPLE', env: listed });
    expect(res.status).toBe(201);
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe('https://shop.EXAMPLE');
    expect((await call('/v1/sessions', { body: { avatarId }, origin: 'https://shop.example.evil', env: listed })).status).toBe(403);
  });

  it.each(['C', 'english please', 42, ''])('starts the session without a language that is not a tag (%j): a locale never stops a conversation', async (language) => {
    const res = await call('/v1/sessions', { body: { avatarId, language } });
    expect(res.status).toBe(201);
  });

  describe('refuses before anything reaches A2E', () => {
    const refusals: [string, () => Promise<Response>, number, string][] = [
      ['another origin', () => call('/v1/sessions', { body: { avatarId }, origin: 'https://evil.example' }), 403, 'forbidden'],
      ['no Origin unless ALLOWED_ORIGINS is *', () => call('/v1/sessions', { body: { avatarId }, origin: null }), 403, 'forbidden'],
      ['malformed JSON', () => call('/v1/sessions', { body: '{"avatarId":', headers: { 'Content-Type': 'application/json' } }), 400, 'bad_request'],
      ['a missing avatarId', () => call('/v1/sessions', { body: { language: 'en' } }), 400, 'bad_request'],
      ['an avatarId of the wrong type', () => call('/v1/sessions', { body: { avatarId: 42 } }), 400, 'bad_request'],
      ['an avatarId with odd characters', () => call('/v1/sessions', { body: { avatarId: '../../x' } }), 400, 'bad_request'],
      ['a JSON array', () => call('/v1/sessions', { body: [avatarId] }), 400, 'bad_request'],
      ['a body that is not JSON', () => call('/v1/sessions', { body: 'avatarId=x', headers: { 'Content-Type': 'text/plain' } }), 400, 'bad_request'],
      ['no body at all', () => call('/v1/sessions', { method: 'POST' }), 400, 'bad_request'],
      ['a context longer than the limit', () => call('/v1/sessions', { body: { avatarId, context: 'x'.repeat(MAX_CONTEXT_LENGTH + 1) } }), 413, 'payload_too_large'],
      ['an oversize body', () => call('/v1/sessions', { body: { avatarId, padding: 'x'.repeat(70 * 1024) } }), 413, 'payload_too_large'],
    ];
    it.each(refusals)('%s', async (_name, request, status, code) => {
      const { res, paths } = await upstreamOf(request);
      expect(res.status).toBe(status);
      const error = await errorOf(res);
      expect(error.code).toBe(code);
      expect(error.requestId).toMatch(/\S/);
      expect(paths).toEqual([]);
    });
  });

  it('reads a JSON body whatever its Content-Type says (fetch sends a string as text/plain, curl -d as a form)', async () => {
    for (const contentType of ['text/plain;charset=UTF-8', 'application/x-www-form-urlencoded']) {
      const res = await call('/v1/sessions', { body: JSON.stringify({ avatarId }), headers: { 'Content-Type': contentType } });
      expect(res.status).toBe(201);
      const session = (await res.json()) as CreateSessionReply;
      await call(`/v1/sessions/${session.sessionId}/leave`, { method: 'POST', ticket: session.ticket });
    }
  });

  it('answers 403 to a disallowed origin even with a bad body (origin first)', async () => {
    const res = await call('/v1/sessions', { body: '{', headers: { 'Content-Type': 'application/json' }, origin: 'https://evil.example' });
    expect(res.status).toBe(403);
  });

  it('answers a CORS preflight for an allowed origin only', async () => {
    const preflight = (origin: string) =>
      call('/v1/sessions', {
        method: 'OPTIONS',
        origin,
        headers: { 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
      });
    const allowed = await preflight('https://shop.example');
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('Access-Control-Allow-Origin')).toBe('https://shop.example');
    expect(allowed.headers.get('Access-Control-Allow-Headers')?.toLowerCase()).toContain('authorization');
    const other = await preflight('https://evil.example');
    expect(other.headers.get('Access-Control-Allow-Origin')).toBeNull();
  });

  describe('upstream faults', () => {
    it('maps a 5xx to 502 without retrying (minting is not safe to repeat)', async () => {
      await armFaults({ fail5xx: 1 });
      const { res, paths } = await upstreamOf(() => call('/v1/sessions', { body: { avatarId } }));
      expect(res.status).toBe(502);
      expect((await errorOf(res)).code).toBe('upstream_error');
      expect(paths.filter((path) => path === TOKEN_PATH)).toHaveLength(1);
    });

    it('maps a timeout to 504', async () => {
      await armFaults({ timeout: 1 });
      const res = await call('/v1/sessions', { body: { avatarId }, env: { UPSTREAM_TIMEOUT_MS: '50' } });
      expect(res.status).toBe(504);
      const error = await errorOf(res);
      expect(error.code).toBe('upstream_timeout');
      expect(error.message).toMatch(/did not answer/);
    });

    it('maps a malformed reply to 502', async () => {
      await armFaults({ malformed: 1 });
      const res = await call('/v1/sessions', { body: { avatarId } });
      expect(res.status).toBe(502);
      expect((await errorOf(res)).code).toBe('upstream_error');
    });

    it('maps code 1001 (all hosts busy) to 502 upstream_busy with Retry-After', async () => {
      await armFaults({ errorCode: { code: 1001, msg: 'all hosts are occupied', count: 1 } });
      const res = await call('/v1/sessions', { body: { avatarId } });
      expect(res.status).toBe(502);
      expect(Number(res.headers.get('Retry-After'))).toBeGreaterThan(0);
      expect((await errorOf(res)).code).toBe('upstream_busy');
    });

    it('answers an avatar A2E does not know, and does not list, with 404 (the caller’s mistake, not a 5xx)', async () => {
      const res = await call('/v1/sessions', { body: { avatarId: 'ffffffffffffffffffffffff' } });
      expect(res.status).toBe(404);
      const error = await errorOf(res);
      expect(error.code).toBe('not_found');
      expect(error.message).toMatch(/avatar/i);
    });

    it('keeps A2E’s refusal (502) for an avatar the list does show', async () => {
      await armFaults({ errorCode: { code: 4001, msg: 'avatar is offline', count: 1 } });
      const res = await call('/v1/sessions', { body: { avatarId } });
      expect(res.status).toBe(502);
      expect((await errorOf(res)).message).toMatch(/avatar is offline/);
    });

    it('gives the concurrency slot back when A2E fails', async () => {
      const ledger = sessionLedger(env);
      // Room for exactly one more session than are open now; a failed mint must not use it up.
      const limit = String((await ledger.openCount()) + 1);
      await armFaults({ fail5xx: 1 });
      expect((await call('/v1/sessions', { body: { avatarId }, env: { MAX_CONCURRENT_SESSIONS: limit } })).status).toBe(502);
      expect((await call('/v1/sessions', { body: { avatarId }, env: { MAX_CONCURRENT_SESSIONS: limit } })).status).toBe(201);
    });

    it('ends the room upstream when the context given at creation cannot be set', async () => {
      // Only set-qa-context fails, so the room is minted and must then be left again.
      const original = simulatorApp.fetch.bind(simulatorApp);
      const minted: string[] = [];
      const spy = vi.spyOn(simulatorApp, 'fetch').mockImplementation(async (request: Request, ...rest) => {
        if (new URL(request.url).pathname.endsWith('/set-qa-context')) {
          return Response.json({ code: 500, msg: 'context store down' });
        }
        const response = await original(request, ...rest);
        if (new URL(request.url).pathname === TOKEN_PATH) {
          const body = (await response.clone().json()) as { data: { channel: string } };
          minted.push(body.data.channel);
        }
        return response;
      });
      try {
        const res = await call('/v1/sessions', { body: { avatarId, context: 'Menu: soup.' } });
        expect(res.status).toBe(502);
        expect((await errorOf(res)).message).toMatch(/context store down/);
        expect(minted).toHaveLength(1);
        expect(await channelOpen(minted[0]!)).toBe(false);
      } finally {
        spy.mockRestore();
      }
    });
  });

  describe('MAX_CONCURRENT_SESSIONS', () => {
    it('answers 429 too_many_sessions with Retry-After, before asking A2E', async () => {
      await startSession();
      // At least the session above is open, so a cap of 1 is reached whatever else runs.
      const { res, paths } = await upstreamOf(() =>
        call('/v1/sessions', { body: { avatarId }, env: { MAX_CONCURRENT_SESSIONS: '1' } }),
      );
      expect(res.status).toBe(429);
      expect(Number(res.headers.get('Retry-After'))).toBeGreaterThanOrEqual(1);
      expect(res.headers.get('Access-Control-Expose-Headers')).toContain('Retry-After');
      expect((await errorOf(res)).code).toBe('too_many_sessions');
      expect(paths).toEqual([]);
    });
  });
});
