import { Hono } from 'hono';
import { requestId } from 'hono/request-id';
import { describe, expect, it } from 'vitest';
import type { CreateSessionReply, ErrorBody } from '../../protocol/broker-api';
import type { AppEnv } from '../env';
import { errorResponse } from '../errors';
import { limitSessionCreation } from './rate-limit';
import { call, env, errorOf, knownAvatarId, startSession, watchUpstream } from './testing/broker-test-kit';
import { UTTERANCES_PER_WINDOW } from './utterance-limit';


// The limit wrangler.toml gives the session binding, which Miniflare enforces here, and the
// utterance limit each session's Durable Object counts.
const SESSIONS_PER_MINUTE = 30;
const UTTERANCES_PER_10S = UTTERANCES_PER_WINDOW;

/** The middleware on stand-in routes, so these tests count only the limiter's own behaviour. */
const app = new Hono<AppEnv>();
app.use(requestId());
app.post('/sessions', limitSessionCreation, (c) => c.json({ created: true }, 201));
app.onError((err, c) => errorResponse(c, err));

/**
 * Miniflare counts in windows aligned to the wall clock (like Cloudflare's `simple` limits), so a
 * count that straddles a window's end starts again from zero. Begin each count where it cannot.
 */
async function inFreshWindow(periodSeconds: 10 | 60, neededMs = 4_000): Promise<void> {
  const left = periodSeconds * 1000 - (Date.now() % (periodSeconds * 1000));
  if (left < neededMs) await scheduler.wait(left + 50);
}

let nextAddress = 1;
/** A fresh client address per test, so the binding's counters of one test never reach another. */
const freshAddress = () => `198.51.100.${nextAddress++}`;

function post(path: string, address?: string): Promise<Response> {
  const headers = address ? { 'CF-Connecting-IP': address } : undefined;
  return Promise.resolve(app.request(path, { method: 'POST', headers }, env));
}

async function statuses(count: number, path: string, address?: string): Promise<number[]> {
  const result: number[] = [];
  for (let i = 0; i < count; i++) result.push((await post(path, address)).status);
  return result;
}

// Waiting for a fresh window can take up to 4 s before the count starts: more than vitest's 5 s
// default leaves for the requests on a loaded machine.
const WINDOW_WAIT = { timeout: 30_000 };

describe('per-client rate limits', WINDOW_WAIT, () => {
  it('lets a client start its allowance of sessions, then answers 429 with Retry-After', async () => {
    await inFreshWindow(60);
    const address = freshAddress();
    expect(await statuses(SESSIONS_PER_MINUTE, '/sessions', address)).toEqual(Array(SESSIONS_PER_MINUTE).fill(201));

    const refused = await post('/sessions', address);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('Retry-After')).toBe('60');
    const body = (await refused.json()) as ErrorBody;
    expect(body.error.code).toBe('rate_limited');
    expect(body.error.message).toMatch(/60 seconds/);
    expect(body.error.requestId).toMatch(/\S+/);
  });

  it('counts each client on its own', async () => {
    await inFreshWindow(60);
    const greedy = freshAddress();
    await statuses(SESSIONS_PER_MINUTE + 1, '/sessions', greedy);
    expect((await post('/sessions', greedy)).status).toBe(429);
    expect((await post('/sessions', freshAddress())).status).toBe(201);
  });

  it('does not count calls from inside Cloudflare, which carry no client address', async () => {
    expect(await statuses(SESSIONS_PER_MINUTE + 5, '/sessions')).toEqual(Array(SESSIONS_PER_MINUTE + 5).fill(201));
  });

  it('does not count session starts from loopback, the developer machine under wrangler dev', async () => {
    for (const loopback of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) {
      expect(await statuses(SESSIONS_PER_MINUTE + 5, '/sessions', loopback)).toEqual(Array(SESSIONS_PER_MINUTE + 5).fill(201));
    }
  });

});

describe('rate limits on the broker routes', WINDOW_WAIT, () => {
  it('refuses the session start past the allowance with 429, before any call to A2E', async () => {
    await inFreshWindow(60, 8_000);
    const address = freshAddress();
    const roomy = { MAX_CONCURRENT_SESSIONS: '200' };
    const avatarId = await knownAvatarId();
    for (let i = 0; i < SESSIONS_PER_MINUTE; i++) {
      const res = await call('/v1/sessions', { body: { avatarId }, headers: { 'CF-Connecting-IP': address }, env: roomy });
      expect(res.status).toBe(201);
      const session = (await res.json()) as CreateSessionReply;
      await call(`/v1/sessions/${session.sessionId}/leave`, { method: 'POST', ticket: session.ticket });
    }
    const watch = watchUpstream();
    const refused = await call('/v1/sessions', { body: { avatarId }, headers: { 'CF-Connecting-IP': address }, env: roomy });
    watch.stop();
    expect(refused.status).toBe(429);
    expect(refused.headers.get('Retry-After')).toBe('60');
    expect((await errorOf(refused)).code).toBe('rate_limited');
    expect(watch.paths()).toEqual([]);
  });

  it('refuses speak and ask past the allowance of a session with 429, before any call to A2E', async () => {
    const address = freshAddress();
    const session = await startSession();
    const speak = (path: 'speak' | 'ask', body: unknown) =>
      call(`/v1/sessions/${session.sessionId}/${path}`, { body, ticket: session.ticket, headers: { 'CF-Connecting-IP': address } });
    for (let i = 0; i < UTTERANCES_PER_10S / 2; i++) {
      expect((await speak('speak', { text: `Line ${i}.` })).status).toBe(200);
      expect((await speak('ask', { question: `Question ${i}?` })).status).toBe(200);
    }
    const watch = watchUpstream();
    const refused = [await speak('speak', { text: 'One more.' }), await speak('ask', { question: 'One more?' })];
    watch.stop();
    for (const res of refused) {
      expect(res.status).toBe(429);
      expect(res.headers.get('Retry-After')).toBe('10');
      expect((await errorOf(res)).code).toBe('rate_limited');
    }
    expect(watch.paths()).toEqual([]);
  });

  it('counts utterances per client and session together, loopback included', async () => {
    const address = freshAddress();
    const [mine, another] = [await startSession(), await startSession()];
    const speak = (session: CreateSessionReply, from: string) =>
      call(`/v1/sessions/${session.sessionId}/speak`, {
        body: { text: 'Hi.' },
        ticket: session.ticket,
        headers: { 'CF-Connecting-IP': from },
      });
    for (let i = 0; i < UTTERANCES_PER_10S; i++) expect((await speak(mine, address)).status).toBe(200);
    expect((await speak(mine, address)).status).toBe(429);
    // The same visitor's other session, and another visitor on the same session, still speak.
    expect((await speak(another, address)).status).toBe(200);
    expect((await speak(mine, freshAddress())).status).toBe(200);
    // Loopback (wrangler dev on the developer's machine) is limited like any address.
    for (let i = 0; i < UTTERANCES_PER_10S; i++) expect((await speak(another, '127.0.0.1')).status).toBe(200);
    expect((await speak(another, '127.0.0.1')).status).toBe(429);
  });
});
