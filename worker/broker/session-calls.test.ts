import { runDurableObjectAlarm } from 'cloudflare:test';
import { sign } from 'hono/jwt';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { MAX_TEXT_LENGTH, type CreateSessionReply, type HeartbeatReply } from '../../protocol/broker-api';
import { armFaults, call, channelOpen, clearFaults, env, errorOf, knownAvatarId, SESSION_SECRET_IN_TESTS, startSession, ticketPayload, upstreamOf } from './testing/broker-test-kit';
import { brokerSession } from './broker-session';

beforeAll(knownAvatarId);
afterEach(async () => {
  vi.useRealTimers();
  await clearFaults();
});

const SPEAK_PATH = '/api/v1/streaming-avatar/speak';
const ASK_PATH = '/api/v1/streaming-avatar/ask';


const speak = (session: CreateSessionReply, init: Parameters<typeof call>[1] = {}) =>
  call(`/v1/sessions/${session.sessionId}/speak`, { ticket: session.ticket, body: { text: 'Hello there.' }, ...init });

describe('session calls, happy path', () => {
  it('speak says the text in the session’s channel', async () => {
    const session = await startSession();
    const { res, paths } = await upstreamOf(() => speak(session));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, text: 'Hello there.' });
    expect(paths).toEqual([SPEAK_PATH]);
  });

  it('ask passes the question to A2E and answers { ok: true }: the avatar says the answer in the room', async () => {
    const session = await startSession({ body: { context: 'The shop opens at nine in the morning.' } });
    const { res, paths } = await upstreamOf(() =>
      call(`/v1/sessions/${session.sessionId}/ask`, { ticket: session.ticket, body: { question: 'When does the shop open?' } }),
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
    expect(paths).toEqual([ASK_PATH]);
  });

  it('PUT then GET context: the read answers what was set', async () => {
    const session = await startSession();
    const put = await call(`/v1/sessions/${session.sessionId}/context`, {
      method: 'PUT',
      ticket: session.ticket,
      body: { context: 'Returns within 30 days.' },
    });
    expect(put.status).toBe(200);
    expect(await put.json()).toEqual({ context: 'Returns within 30 days.' });
    const get = await call(`/v1/sessions/${session.sessionId}/context`, { ticket: session.ticket });
    expect(await get.json()).toEqual({ context: 'Returns within 30 days.' });
  });

  it('heartbeat answers the expiry without calling A2E', async () => {
    const session = await startSession();
    const { res, paths } = await upstreamOf(() =>
      call(`/v1/sessions/${session.sessionId}/heartbeat`, { method: 'POST', ticket: session.ticket }),
    );
    expect(res.status).toBe(200);
    expect((await res.json()) as HeartbeatReply).toEqual({ ok: true, expiresAt: session.expiresAt });
    expect(paths).toEqual([]);
  });

  it('a ticket works without an Origin header (server-side callers)', async () => {
    const session = await startSession();
    expect((await speak(session, { origin: null })).status).toBe(200);
  });
});

describe('tickets', () => {
  let session: CreateSessionReply;
  let other: CreateSessionReply;
  beforeAll(async () => {
    session = await startSession();
    other = await startSession();
  });

  it('refuses a call without a ticket: 401', async () => {
    const { res, paths } = await upstreamOf(() => speak(session, { ticket: undefined }));
    expect(res.status).toBe(401);
    expect(res.headers.get('WWW-Authenticate')).toBe('Bearer');
    expect((await errorOf(res)).code).toBe('unauthorized');
    expect(paths).toEqual([]);
  });

  it('refuses a garbled ticket: 401', async () => {
    for (const ticket of ['nonsense', 'a.b.c', `${session.ticket}x`]) {
      const res = await speak(session, { ticket });
      expect(res.status).toBe(401);
    }
  });

  it('refuses a ticket forged with another secret: 401', async () => {
    const forged = await sign(ticketPayload(session.ticket), 'not-the-secret', 'HS256');
    const { res, paths } = await upstreamOf(() => speak(session, { ticket: forged }));
    expect(res.status).toBe(401);
    expect((await errorOf(res)).code).toBe('unauthorized');
    expect(paths).toEqual([]);
  });

  it('refuses a ticket whose claims were edited: 401', async () => {
    const [header, , signature] = session.ticket.split('.');
    const claims = { ...ticketPayload(session.ticket), exp: Math.floor(Date.now() / 1000) + 86_400 };
    const edited = btoa(JSON.stringify(claims)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    expect((await speak(session, { ticket: `${header}.${edited}.${signature}` })).status).toBe(401);
  });

  it('refuses a genuine ticket once expired: 401', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.parse(session.expiresAt) + 1000);
    const { res, paths } = await upstreamOf(() => speak(session));
    expect(res.status).toBe(401);
    expect((await errorOf(res)).message).toMatch(/expired/);
    expect(paths).toEqual([]);
  });

  it('refuses a ticket of another session: 403, for every route', async () => {
    const routes: [string, string, unknown][] = [
      ['POST', 'speak', { text: 'hi' }],
      ['POST', 'ask', { question: 'hi?' }],
      ['PUT', 'context', { context: 'x' }],
      ['GET', 'context', undefined],
      ['POST', 'heartbeat', undefined],
      ['POST', 'leave', undefined],
    ];
    for (const [method, route, body] of routes) {
      const { res, paths } = await upstreamOf(() =>
        call(`/v1/sessions/${session.sessionId}/${route}`, { method, body, ticket: other.ticket }),
      );
      expect(res.status, route).toBe(403);
      expect((await errorOf(res)).code).toBe('forbidden');
      expect(paths).toEqual([]);
    }
    expect(await channelOpen(session.rtc.channel)).toBe(true);
  });

  it('refuses a ticket used from another origin: 403', async () => {
    const res = await speak(session, { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    expect((await errorOf(res)).message).toMatch(/origin/);
  });

  it('refuses a genuine ticket signed with a secret this Worker does not have', async () => {
    const res = await speak(session, { env: { SESSION_SECRET: 'rotated-secret' } });
    expect(res.status).toBe(401);
  });

  it('works with the configured secret (tickets are HS256 over SESSION_SECRET)', async () => {
    const resigned = await sign(ticketPayload(session.ticket), SESSION_SECRET_IN_TESTS, 'HS256');
    expect((await speak(session, { ticket: resigned })).status).toBe(200);
  });
});

describe('bodies', () => {
  let session: CreateSessionReply;
  beforeAll(async () => {
    session = await startSession();
  });

  const cases: [string, () => Promise<Response>, number, string][] = [
    ['malformed JSON', () => speak(session, { body: '{"text":', headers: { 'Content-Type': 'application/json' } }), 400, 'bad_request'],
    ['a missing text', () => speak(session, { body: {} }), 400, 'bad_request'],
    ['a blank text', () => speak(session, { body: { text: '   ' } }), 400, 'bad_request'],
    ['a text of the wrong type', () => speak(session, { body: { text: ['hi'] } }), 400, 'bad_request'],
    ['a missing question', () => call(`/v1/sessions/${session.sessionId}/ask`, { ticket: session.ticket, body: { text: 'hi' } }), 400, 'bad_request'],
    ['a missing context', () => call(`/v1/sessions/${session.sessionId}/context`, { method: 'PUT', ticket: session.ticket, body: {} }), 400, 'bad_request'],
    ['a text longer than A2E accepts', () => speak(session, { body: { text: 'x'.repeat(MAX_TEXT_LENGTH + 1) } }), 413, 'payload_too_large'],
    ['a question longer than A2E accepts', () => call(`/v1/sessions/${session.sessionId}/ask`, { ticket: session.ticket, body: { question: 'x'.repeat(MAX_TEXT_LENGTH + 1) } }), 413, 'payload_too_large'],
    ['an oversize body', () => speak(session, { body: { text: 'hi', padding: 'x'.repeat(70 * 1024) } }), 413, 'payload_too_large'],
  ];
  it.each(cases)('refuses %s before A2E', async (_name, request, status, code) => {
    const { res, paths } = await upstreamOf(request);
    expect(res.status).toBe(status);
    const error = await errorOf(res);
    expect(error.code).toBe(code);
    expect(error.requestId).toMatch(/\S/);
    expect(paths).toEqual([]);
  });

  it('accepts a text of exactly the limit', async () => {
    expect((await speak(session, { body: { text: 'x'.repeat(MAX_TEXT_LENGTH) } })).status).toBe(200);
  });
});

describe('upstream faults on session calls', () => {
  let session: CreateSessionReply;
  beforeAll(async () => {
    session = await startSession();
  });

  it('speak: a 5xx is a 502, not retried (a speak sent twice is said twice)', async () => {
    await armFaults({ fail5xx: 1 });
    const { res, paths } = await upstreamOf(() => speak(session));
    expect(res.status).toBe(502);
    expect((await errorOf(res)).code).toBe('upstream_error');
    expect(paths).toEqual([SPEAK_PATH]);
  });

  it('speak: a timeout is a 504', async () => {
    await armFaults({ timeout: 1 });
    const res = await speak(session, { env: { UPSTREAM_TIMEOUT_MS: '50' } });
    expect(res.status).toBe(504);
    expect((await errorOf(res)).code).toBe('upstream_timeout');
  });

  it('ask: code != 0 is a 502 carrying A2E’s message, sanitised', async () => {
    await armFaults({ errorCode: { code: 3001, msg: 'bad key Bearer simulator\u0000 rejected', count: 1 } });
    const res = await call(`/v1/sessions/${session.sessionId}/ask`, { ticket: session.ticket, body: { question: 'Why?' } });
    expect(res.status).toBe(502);
    const error = await errorOf(res);
    expect(error.message).toMatch(/code 3001/);
    expect(error.message).not.toMatch(/simulator/);
    expect(error.message).not.toMatch(/\u0000/);
  });

  it('GET context never calls A2E, so an upstream fault cannot reach it', async () => {
    await armFaults({ fail5xx: 1 });
    const { res, paths } = await upstreamOf(() => call(`/v1/sessions/${session.sessionId}/context`, { ticket: session.ticket }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ context: '' });
    expect(paths).toEqual([]);
  });

  it('code 1001 is 502 upstream_busy with Retry-After', async () => {
    await armFaults({ errorCode: { code: 1001, msg: 'all hosts are occupied', count: 1 } });
    const res = await speak(session);
    expect(res.status).toBe(502);
    expect(res.headers.get('Retry-After')).toMatch(/^\d+$/);
    expect((await errorOf(res)).code).toBe('upstream_busy');
  });
});

describe('POST /v1/sessions/:id/leave', () => {
  const leave = (session: CreateSessionReply, init: Parameters<typeof call>[1] = {}) =>
    call(`/v1/sessions/${session.sessionId}/leave`, { method: 'POST', ticket: session.ticket, ...init });

  it('ends the room upstream, then refuses further calls with 409', async () => {
    const session = await startSession();
    const res = await leave(session);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, state: 'ended' });
    expect(await channelOpen(session.rtc.channel)).toBe(false);

    const { res: after, paths } = await upstreamOf(() => speak(session));
    expect(after.status).toBe(409);
    expect((await errorOf(after)).code).toBe('session_ended');
    expect(paths).toEqual([]);
    for (const route of ['heartbeat', 'context']) {
      const method = route === 'context' ? 'GET' : 'POST';
      expect((await call(`/v1/sessions/${session.sessionId}/${route}`, { method, ticket: session.ticket })).status).toBe(409);
    }
  });

  it('is idempotent: a second leave is 200 and does not call A2E again', async () => {
    const session = await startSession();
    expect((await leave(session)).status).toBe(200);
    const { res, paths } = await upstreamOf(() => leave(session));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, state: 'ended' });
    expect(paths).toEqual([]);
  });

  it('accepts the ticket in a text/plain JSON body, as navigator.sendBeacon sends it', async () => {
    const session = await startSession();
    const res = await leave(session, {
      ticket: undefined,
      body: JSON.stringify({ ticket: session.ticket }),
      headers: { 'Content-Type': 'text/plain;charset=UTF-8' },
    });
    expect(res.status).toBe(200);
    expect(await channelOpen(session.rtc.channel)).toBe(false);
  });

  it('refuses a leave with no ticket, a bad body ticket, or malformed JSON (no ticket found: 401)', async () => {
    const session = await startSession();
    const plain = { 'Content-Type': 'text/plain;charset=UTF-8' };
    expect((await leave(session, { ticket: undefined })).status).toBe(401);
    expect((await leave(session, { ticket: undefined, body: JSON.stringify({ ticket: 'forged.x.y' }), headers: plain })).status).toBe(401);
    expect((await leave(session, { ticket: undefined, body: '{"ticket":', headers: plain })).status).toBe(401);
    expect((await leave(session, { ticket: undefined, body: JSON.stringify({ ticket: 7 }), headers: plain })).status).toBe(401);
    expect(await channelOpen(session.rtc.channel)).toBe(true);
  });

  it('when A2E fails to leave, answers 502, closes the session to callers, and the alarm retries', async () => {
    const session = await startSession();
    await armFaults({ fail5xx: 3 });
    const res = await leave(session);
    expect(res.status).toBe(502);
    expect(await channelOpen(session.rtc.channel)).toBe(true);
    expect((await speak(session)).status).toBe(409);
    // A client retrying its leave is told the session is over; the broker finishes the job.
    expect((await leave(session)).status).toBe(200);

    await clearFaults();
    const stub = brokerSession(env, session.sessionId);
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect(await channelOpen(session.rtc.channel)).toBe(false);
    expect((await stub.read())?.state).toBe('ended');
  });
});

describe('secrets', () => {
  it('no reply of any route, success or refusal, carries SESSION_SECRET or ADMIN_TOKEN', async () => {
    const secrets = [SESSION_SECRET_IN_TESTS, 'test-admin-token'];
    const session = await startSession({ body: { context: 'Facts.' } });
    const other = await startSession();
    const base = `/v1/sessions/${session.sessionId}`;
    await armFaults({ errorCode: { code: 2002, msg: `leaked ${SESSION_SECRET_IN_TESTS}?`, count: 1 } });
    const replies = [
      await speak(session),
      await call('/v1/avatars'),
      await speak(session),
      await call(`${base}/ask`, { ticket: session.ticket, body: { question: 'Facts?' } }),
      await call(`${base}/context`, { ticket: session.ticket }),
      await call(`${base}/heartbeat`, { method: 'POST', ticket: session.ticket }),
      await speak(session, { ticket: other.ticket }),
      await speak(session, { ticket: 'x.y.z' }),
      await speak(session, { body: '{', headers: { 'Content-Type': 'application/json' } }),
      await call('/v1/sessions', { body: { avatarId: 'nope' }, origin: 'https://evil.example' }),
      await call(`${base}/leave`, { method: 'POST', ticket: session.ticket }),
      await speak(session),
    ];
    expect(replies.map((res) => res.status)).toEqual([502, 200, 200, 200, 200, 200, 403, 401, 400, 403, 200, 409]);
    for (const res of replies) {
      const text = `${JSON.stringify([...res.headers])}\n${await res.text()}`;
      for (const secret of secrets) expect(text).not.toContain(secret);
    }
  });
});
