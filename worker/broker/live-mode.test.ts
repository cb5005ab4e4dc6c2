import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import type { CreateSessionReply } from '../../protocol/broker-api';
import { SIMULATOR_API_KEY } from '../config';
import { simulatorApp } from '../simulator/simulator-app';
import { call, env, knownAvatarId, SESSION_SECRET_IN_TESTS } from './testing/broker-test-kit';

/**
 * Live mode (an A2E key is set): the broker talks to the network. fetch() is replaced by the
 * simulator behind a fake A2E host, after checking what the broker sends there.
 */
const LIVE_KEY = 'sk-live-0123456789abcdef-test-key';
const LIVE_HOST = 'https://a2e.live.test';
/** What `wrangler dev --var A2E_API_KEY:… --var A2E_BASE_URL:…` gives: no SESSION_SECRET. */
const LIVE = { A2E_API_KEY: LIVE_KEY, A2E_BASE_URL: LIVE_HOST, SESSION_SECRET: undefined, ALLOWED_ORIGINS: '*' };
const ADMIN_TOKEN_IN_TESTS = 'test-admin-token';

let fetchSpy: MockInstance<typeof fetch>;
let sentAuthorizations: string[];
let logged: string[];
/** Overrides the next upstream reply, to make A2E misbehave. */
let nextReply: Response | undefined;

beforeEach(async () => {
  await knownAvatarId();
  sentAuthorizations = [];
  logged = [];
  nextReply = undefined;
  fetchSpy = vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const request = new Request(input, init);
    if (!/^https:\/\/[\w.-]+\.live\.test\/api\/v1\//.test(request.url)) throw new Error(`unexpected fetch ${request.url}`);
    sentAuthorizations.push(request.headers.get('Authorization') ?? '');
    const reply = nextReply;
    nextReply = undefined;
    if (reply) return reply;
    const headers = new Headers(request.headers);
    headers.set('Authorization', `Bearer ${SIMULATOR_API_KEY}`);
    return simulatorApp.fetch(new Request(request, { headers }), env);
  });
  for (const level of ['log', 'info', 'warn', 'error'] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      logged.push(args.map(String).join(' '));
    });
  }
});
afterEach(() => vi.restoreAllMocks());

async function liveSession(): Promise<CreateSessionReply> {
  const res = await call('/v1/sessions', { body: { avatarId: await knownAvatarId() }, env: LIVE });
  expect(res.status).toBe(201);
  return (await res.json()) as CreateSessionReply;
}

/** Everything a client could see of a reply: status line aside, its headers and body. */
async function visible(res: Response): Promise<string> {
  return `${JSON.stringify([...res.headers])}\n${await res.text()}`;
}

describe('live mode', () => {
  it('answers the Agora rtc from A2E’s token reply, and sends the key only to A2E', async () => {
    const session = await liveSession();
    expect(session.rtc.transport).toBe('agora');
    expect(Object.keys(session.rtc).sort()).toEqual(['appId', 'channel', 'token', 'transport', 'uid']);
    expect(sentAuthorizations).toEqual([`Bearer ${LIVE_KEY}`]);
    expect(fetchSpy).toHaveBeenCalledTimes(1);
  });

  it('signs tickets without SESSION_SECRET (derived from the A2E key), and they work', async () => {
    const session = await liveSession();
    const speak = await call(`/v1/sessions/${session.sessionId}/speak`, { ticket: session.ticket, body: { text: 'Hi' }, env: LIVE });
    expect(speak.status).toBe(200);
    // The derived key depends on the A2E key: another deployment's key cannot check this ticket.
    const elsewhere = await call(`/v1/sessions/${session.sessionId}/speak`, {
      ticket: session.ticket,
      body: { text: 'Hi' },
      env: { ...LIVE, A2E_API_KEY: 'sk-live-other-key' },
    });
    expect(elsewhere.status).toBe(401);
  });

  it('reads A2E’s avatar and token fields liberally', async () => {
    const env = { ...LIVE, A2E_BASE_URL: 'https://fields.live.test' };
    nextReply = Response.json({
      code: 0,
      data: [
        { _id: '65a000000000000000000001', name: 'Ana', preview_img: 'https://cdn.test/ana.jpg', preview_video: 'https://cdn.test/ana.mp4', gender: 'female' },
        { id: '65a000000000000000000002', title: 'Ben', preview_url: 'https://cdn.test/ben.webm' },
        { _id: '65a000000000000000000003', video_cover: 'https://cdn.test/cy.png' },
        { name: 'no id: skipped' },
      ],
    });
    const avatars = await call('/v1/avatars', { env });
    expect(await avatars.json()).toEqual({
      transport: 'agora',
      avatars: [
        { id: '65a000000000000000000001', name: 'Ana', previewImageUrl: 'https://cdn.test/ana.jpg', previewVideoUrl: 'https://cdn.test/ana.mp4', gender: 'female' },
        { id: '65a000000000000000000002', name: 'Ben', previewVideoUrl: 'https://cdn.test/ben.webm' },
        { id: '65a000000000000000000003', name: '65a000000000000000000003', previewImageUrl: 'https://cdn.test/cy.png' },
      ],
    });

    nextReply = Response.json({ code: '0', data: { app_id: 'app', token: 'tok', channel: 'ch-1', uid: '4242' } });
    const created = await call('/v1/sessions', { body: { avatarId: '65a000000000000000000001' }, env });
    expect(created.status).toBe(201);
    expect(((await created.json()) as CreateSessionReply).rtc).toEqual({ transport: 'agora', appId: 'app', token: 'tok', channel: 'ch-1', uid: 4242 });
  });

  it('refuses a token reply without what the widget needs: 502', async () => {
    nextReply = Response.json({ code: 0, data: { token: 'tok', channel: 'ch-1' } });
    const res = await call('/v1/sessions', { body: { avatarId: await knownAvatarId() }, env: LIVE });
    expect(res.status).toBe(502);
    expect(await res.text()).toMatch(/could not read/);
  });

  it('strips the key from A2E’s error messages', async () => {
    nextReply = Response.json({ code: 401, msg: `invalid api key ${LIVE_KEY}` });
    const res = await call('/v1/sessions', { body: { avatarId: await knownAvatarId() }, env: LIVE });
    expect(res.status).toBe(502);
    const text = await visible(res);
    expect(text).toContain('[redacted]');
    expect(text).not.toContain(LIVE_KEY);
  });

  it('maps A2E’s HTTP errors to 502 without forwarding A2E’s status (a 401 there is not the visitor’s)', async () => {
    nextReply = new Response('Unauthorized', { status: 401 });
    const res = await call('/v1/sessions', { body: { avatarId: await knownAvatarId() }, env: LIVE });
    expect(res.status).toBe(502);
  });

  it('maps a network failure to 502', async () => {
    fetchSpy.mockRejectedValueOnce(new TypeError('Network connection lost.'));
    const res = await call('/v1/sessions', { body: { avatarId: await knownAvatarId() }, env: LIVE });
    expect(res.status).toBe(502);
    expect(await res.text()).toMatch(/Could not reach A2E/);
  });

  it('never puts a secret in any reply or log line, on success or failure', async () => {
    const secrets = [LIVE_KEY, SESSION_SECRET_IN_TESTS, ADMIN_TOKEN_IN_TESTS];
    const session = await liveSession();
    const base = `/v1/sessions/${session.sessionId}`;
    const replies: Response[] = [
      await call('/v1/avatars', { env: LIVE }),
      await call(`${base}/speak`, { ticket: session.ticket, body: { text: 'Hello' }, env: LIVE }),
      await call(`${base}/ask`, { ticket: session.ticket, body: { question: 'Who are you?' }, env: LIVE }),
      await call(`${base}/context`, { method: 'PUT', ticket: session.ticket, body: { context: 'c' }, env: LIVE }),
      await call(`${base}/context`, { ticket: session.ticket, env: LIVE }),
      await call(`${base}/heartbeat`, { method: 'POST', ticket: session.ticket, env: LIVE }),
      await call(`${base}/speak`, { body: { text: 'no ticket' }, env: LIVE }),
      await call(`${base}/speak`, { ticket: `${session.ticket}x`, body: { text: 'bad ticket' }, env: LIVE }),
      await call(`${base}/speak`, { ticket: session.ticket, body: '{', headers: { 'Content-Type': 'application/json' }, env: LIVE }),
      await call('/v1/sessions', { body: { avatarId: 'ffffffffffffffffffffffff' }, env: LIVE }),
      await call(`${base}/leave`, { method: 'POST', ticket: session.ticket, env: LIVE }),
      await call(`${base}/speak`, { ticket: session.ticket, body: { text: 'after leave' }, env: LIVE }),
    ];
    const statuses = replies.map((res) => res.status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 401, 401, 400, 404, 200, 409]);
    for (const res of replies) {
      const text = await visible(res);
      for (const secret of secrets) expect(text).not.toContain(secret);
      expect(text).not.toMatch(/\bat .+\.(ts|js):\d+/); // no stack trace
    }
    for (const line of logged) for (const secret of secrets) expect(line).not.toContain(secret);
  });
});
