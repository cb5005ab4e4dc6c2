import { runInDurableObject } from 'cloudflare:test';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CreateSessionReply, HeartbeatReply } from '../../protocol/broker-api';
import { DocumentedA2e } from '../upstream/testing/documented-a2e';
import { brokerSession } from './broker-session';
import { call, env, errorOf, ticketPayload, type CallInit } from './testing/broker-test-kit';

/**
 * The broker against A2E as shared/a2e-api.md documents it (a stand-in written from that file
 * alone, not the project's simulator): every streaming call must reach it exactly as documented.
 */
const KEY = 'sk_documented-contract-test-key';
const HOST = 'https://a2e.documented.test';
const MAX_SECONDS = 600;
const LIVE = { A2E_API_KEY: KEY, A2E_BASE_URL: HOST, ALLOWED_ORIGINS: '*', SESSION_MAX_SECONDS: String(MAX_SECONDS), SESSION_IDLE_SECONDS: '3600' };

let a2e: DocumentedA2e;

beforeEach(() => {
  a2e = new DocumentedA2e(KEY);
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const request = new Request(input, init);
    if (!request.url.startsWith(`${HOST}/`)) throw new Error(`unexpected fetch ${request.url}`);
    return a2e.fetch(request);
  });
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterEach(() => vi.restoreAllMocks());

const live = (path: string, init: CallInit = {}) => call(path, { ...init, env: { ...LIVE, ...init.env } });

async function start(body: Record<string, unknown> = {}): Promise<CreateSessionReply> {
  const res = await live('/v1/sessions', { body: { avatarId: a2e.avatarId, ...body } });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as CreateSessionReply;
}

const on = (session: CreateSessionReply, route: string, init: CallInit = {}) =>
  live(`/v1/sessions/${session.sessionId}/${route}`, { ticket: session.ticket, ...init });

/** Runs `request` and returns its reply with the upstream calls it caused. */
async function upstreamOf(request: () => Promise<Response>): Promise<{ res: Response; paths: string[] }> {
  const before = a2e.calls.length;
  const res = await request();
  return { res, paths: a2e.paths().slice(before) };
}

describe('the documented stand-in', () => {
  it('refuses what the earlier guesses sent, so the tests below can fail', async () => {
    const post = (name: string, body: unknown) =>
      a2e.fetch(new Request(`${HOST}/api/v1/streaming-avatar/${name}`, { method: 'POST', headers: { Authorization: `Bearer ${KEY}` }, body: JSON.stringify(body) }));
    const token = (await (await post('agora-token', { avatar_id: a2e.avatarId })).json()) as { data: { channel: string } };
    const channel = token.data.channel;
    for (const [name, body] of [
      ['set-qa-context', { channel, context: 'Facts.' }],
      ['question', { channel, question: 'Why?' }],
      ['ask', { channel, question: 'Why?' }],
      ['leave', { channel, uid: 4242 }],
      ['set-qa-context', { channel, text: 'x'.repeat(5_001) }],
    ] as const) {
      const reply = (await (await post(name, body)).json()) as { code: number };
      expect(reply.code, `${name} ${JSON.stringify(body).slice(0, 60)}`).not.toBe(0);
    }
    const read = await a2e.fetch(new Request(`${HOST}/api/v1/streaming-avatar/get-qa-context?channel=${channel}`, { headers: { Authorization: `Bearer ${KEY}` } }));
    expect(read.status).toBe(404);
    expect(((await read.json()) as { code: number }).code).not.toBe(0);
  });
});

describe('the broker against A2E as documented', () => {
  it('sends the context given at session start to set-qa-context as `text`', async () => {
    const session = await start({ context: 'Opening hours: 9 to 5.' });
    expect(a2e.bodiesOf('set-qa-context')).toEqual([{ channel: session.rtc.channel, text: 'Opening hours: 9 to 5.' }]);
  });

  it('asks on POST …/ask with the question as `text`, and answers { ok: true } (A2E’s reply has no answer)', async () => {
    const session = await start({ context: 'We open at nine.' });
    const res = await on(session, 'ask', { body: { question: 'When do you open?' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
    expect(a2e.bodiesOf('ask')).toEqual([{ text: 'When do you open?', channel: session.rtc.channel }]);
  });

  it('speaks with `{ channel, text }`', async () => {
    const session = await start();
    expect((await on(session, 'speak', { body: { text: 'Hello.' } })).status).toBe(200);
    expect(a2e.bodiesOf('speak')).toEqual([{ channel: session.rtc.channel, text: 'Hello.' }]);
  });

  it('leaves with `{ channel }` and nothing else', async () => {
    const session = await start();
    const res = await on(session, 'leave', { method: 'POST' });
    expect(res.status).toBe(200);
    expect(a2e.bodiesOf('leave')).toEqual([{ channel: session.rtc.channel }]);
  });

  it('PUT context sets it upstream as `text` and answers { context }', async () => {
    const session = await start();
    const res = await on(session, 'context', { method: 'PUT', body: { context: 'Returns within 30 days.' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ context: 'Returns within 30 days.' });
    expect(a2e.bodiesOf('set-qa-context')).toEqual([{ channel: session.rtc.channel, text: 'Returns within 30 days.' }]);
  });

  it('GET context answers what A2E last accepted, from the broker’s record, with no upstream call', async () => {
    const session = await start({ context: 'First.' });
    const read = async () => {
      const { res, paths } = await upstreamOf(() => on(session, 'context'));
      expect(res.status).toBe(200);
      expect(paths).toEqual([]);
      return res.json();
    };
    expect(await read()).toEqual({ context: 'First.' });
    expect((await on(session, 'context', { method: 'PUT', body: { context: 'Second.' } })).status).toBe(200);
    expect(await read()).toEqual({ context: 'Second.' });

    // A context A2E refused is not recorded: the avatar still has the previous one.
    a2e.refuseNext = 'set-qa-context';
    expect((await on(session, 'context', { method: 'PUT', body: { context: 'Refused.' } })).status).toBe(502);
    expect(await read()).toEqual({ context: 'Second.' });

    const without = await start();
    const { res, paths } = await upstreamOf(() => on(without, 'context'));
    expect(await res.json()).toEqual({ context: '' });
    expect(paths).toEqual([]);
  });

  it('refuses a context of 5 001 characters with 413 before anything reaches A2E, at start and on PUT', async () => {
    const long = 'x'.repeat(5_001);
    const session = await start();
    const refused = [
      await upstreamOf(() => live('/v1/sessions', { body: { avatarId: a2e.avatarId, context: long } })),
      await upstreamOf(() => on(session, 'context', { method: 'PUT', body: { context: long } })),
    ];
    for (const { res, paths } of refused) {
      expect(res.status).toBe(413);
      expect((await errorOf(res)).code).toBe('payload_too_large');
      expect(paths).toEqual([]);
    }
    // Exactly the limit goes through, both ways.
    const limit = 'y'.repeat(5_000);
    await start({ context: limit });
    expect((await on(session, 'context', { method: 'PUT', body: { context: limit } })).status).toBe(200);
    expect(a2e.bodiesOf('set-qa-context').map((body) => (body as { text: string }).text.length)).toEqual([5_000, 5_000]);
  });
});

describe('expiresAt: the earlier of SESSION_MAX_SECONDS and A2E’s stated expiry', () => {
  /** Every place the session's expiry shows: the reply, the ticket, the heartbeat, the record, the alarm. */
  async function expiriesOf(session: CreateSessionReply): Promise<number[]> {
    const heartbeat = (await (await on(session, 'heartbeat', { method: 'POST' })).json()) as HeartbeatReply;
    const stub = brokerSession(env, session.sessionId);
    const record = await stub.read();
    const alarm = await runInDurableObject(stub, (_instance, state) => state.storage.getAlarm());
    return [Date.parse(session.expiresAt), ticketPayload(session.ticket).exp * 1000, Date.parse(heartbeat.expiresAt), record!.expiresAt, alarm!];
  }

  it('takes A2E’s expire_epoch_timestamp (seconds) when it is sooner, in the reply, the ticket and the alarm alike', async () => {
    const stated = Math.floor(Date.now() / 1000) + 100;
    a2e.expiry = { expire_epoch_timestamp: stated, expire_date_UTC: new Date((stated + 50) * 1000).toISOString() };
    const session = await start();
    expect(await expiriesOf(session)).toEqual(Array(5).fill(stated * 1000));
  });

  it('takes expire_date_UTC when only that is stated', async () => {
    const stated = Math.floor(Date.now() / 1000) + 200;
    for (const date of [new Date(stated * 1000).toISOString(), new Date(stated * 1000).toISOString().replace('T', ' ').replace(/\.\d+Z$/, '')]) {
      a2e.expiry = { expire_date_UTC: date };
      const session = await start();
      expect(await expiriesOf(session), date).toEqual(Array(5).fill(stated * 1000));
    }
  });

  it.each([
    ['a later expiry', () => ({ expire_epoch_timestamp: Math.floor(Date.now() / 1000) + MAX_SECONDS * 10 })],
    ['no expiry', () => ({})],
    ['a past expiry', () => ({ expire_epoch_timestamp: Math.floor(Date.now() / 1000) - 10 })],
    ['garbage', () => ({ expire_epoch_timestamp: 'soon', expire_date_UTC: 'tomorrow-ish' })],
    ['a null and a negative number', () => ({ expire_epoch_timestamp: null, expire_date_UTC: -5 })],
  ])('keeps SESSION_MAX_SECONDS for %s', async (_name, stated) => {
    a2e.expiry = stated();
    const before = Math.floor(Date.now() / 1000);
    const session = await start();
    const after = Math.floor(Date.now() / 1000);
    const expiries = await expiriesOf(session);
    expect(new Set(expiries).size).toBe(1);
    expect(expiries[0]).toBeGreaterThanOrEqual((before + MAX_SECONDS) * 1000);
    expect(expiries[0]).toBeLessThanOrEqual((after + MAX_SECONDS) * 1000);
  });
});
