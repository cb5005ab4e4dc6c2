import { sign } from 'hono/jwt';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CreateSessionReply } from '../../protocol/broker-api';
import { armFaults, call, channelOpen, clearFaults, errorOf, knownAvatarId, startSession, ticketPayload, type CallInit, upstreamOf } from './testing/broker-test-kit';

beforeAll(knownAvatarId);
afterEach(clearFaults);

type Place = NonNullable<CallInit['ticketIn']>;

/** Every route of a session, as the widget calls it, and where its ticket may travel. */
const ROUTES: { method: string; route: string; body?: Record<string, string>; places: Place[] }[] = [
  { method: 'POST', route: 'speak', body: { text: 'Hello there.' }, places: ['header', 'body'] },
  { method: 'POST', route: 'ask', body: { question: 'When do you open?' }, places: ['header', 'body'] },
  { method: 'PUT', route: 'context', body: { context: 'Open nine to five.' }, places: ['header', 'body'] },
  { method: 'POST', route: 'context', body: { context: 'Open nine to five.' }, places: ['header', 'body'] },
  { method: 'GET', route: 'context', places: ['header', 'query'] },
  { method: 'POST', route: 'heartbeat', places: ['header', 'body'] },
  { method: 'POST', route: 'leave', places: ['header', 'body'] },
];

function sessionCall(session: CreateSessionReply, route: string, init: CallInit) {
  return call(`/v1/sessions/${session.sessionId}/${route}`, init);
}


describe('where a ticket may travel', () => {
  for (const { method, route, body, places } of ROUTES) {
    for (const place of places) {
      it(`${method} ${route} accepts the ticket in the ${place}`, async () => {
        const session = await startSession();
        const res = await sessionCall(session, route, { method, body, ticket: session.ticket, ticketIn: place });
        expect(res.status, await res.clone().text()).toBe(200);
      });
    }
  }

  it('the ticket in the body is not part of what the route validates or sends upstream', async () => {
    const session = await startSession();
    const spoken = await sessionCall(session, 'speak', { body: { text: 'Exactly this.' }, ticket: session.ticket, ticketIn: 'body' });
    expect(await spoken.json()).toEqual({ ok: true, text: 'Exactly this.' });
    await sessionCall(session, 'context', { method: 'POST', body: { context: 'Only this.' }, ticket: session.ticket, ticketIn: 'body' });
    const read = await sessionCall(session, 'context', { ticket: session.ticket, ticketIn: 'query' });
    expect(await read.json()).toEqual({ context: 'Only this.' });
  });

  it('a body ticket is read as JSON whatever the Content-Type says', async () => {
    for (const type of ['text/plain;charset=UTF-8', 'application/json', 'application/x-www-form-urlencoded']) {
      const session = await startSession();
      const res = await sessionCall(session, 'speak', {
        body: { text: 'Hi.' },
        ticket: session.ticket,
        ticketIn: 'body',
        headers: { 'Content-Type': type },
      });
      expect(res.status, type).toBe(200);
    }
  });

  it('a multipart/form-data ticket part is read too (how browsers send audio without a preflight)', async () => {
    const session = await startSession();
    const form = new FormData();
    form.set('ticket', session.ticket);
    const encoded = new Response(form);
    const res = await sessionCall(session, 'heartbeat', {
      method: 'POST',
      body: await encoded.text(),
      headers: { 'Content-Type': encoded.headers.get('Content-Type')! },
    });
    expect(res.status).toBe(200);
  });

  it('the same ticket in the header and the body is fine', async () => {
    const session = await startSession();
    const res = await sessionCall(session, 'speak', {
      body: { text: 'Hi.', ticket: session.ticket },
      ticket: session.ticket,
      ticketIn: 'header',
    });
    expect(res.status).toBe(200);
  });

  it('session replies (the ticket’s own included) tell the browser to send no Referer onwards', async () => {
    const created = await call('/v1/sessions', { body: { avatarId: await knownAvatarId() } });
    expect(created.status).toBe(201);
    expect(created.headers.get('Referrer-Policy')).toBe('no-referrer');
    const session = (await created.json()) as CreateSessionReply;
    const res = await sessionCall(session, 'context', { ticket: session.ticket, ticketIn: 'query' });
    expect(res.headers.get('Referrer-Policy')).toBe('no-referrer');
    const refused = await sessionCall(session, 'context', { ticket: 'x.y.z', ticketIn: 'query' });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('Referrer-Policy')).toBe('no-referrer');
  });
});

describe('a wrong ticket is refused wherever it travels, before A2E', () => {
  let session: CreateSessionReply;
  let other: CreateSessionReply;
  beforeAll(async () => {
    session = await startSession();
    other = await startSession();
  });

  const cases: { place: Place; method: string; route: string; body?: Record<string, string> }[] = [
    { place: 'header', method: 'POST', route: 'speak', body: { text: 'Hi.' } },
    { place: 'body', method: 'POST', route: 'speak', body: { text: 'Hi.' } },
    { place: 'body', method: 'POST', route: 'leave' },
    { place: 'query', method: 'GET', route: 'context' },
  ];

  for (const { place, method, route, body } of cases) {
    it(`in the ${place} of ${method} ${route}: another session's 403, a forged one 401, another origin's 403`, async () => {
      const forged = await sign(ticketPayload(session.ticket), 'not-the-secret', 'HS256');
      const attempts: [string, CallInit, number][] = [
        ["another session's", { ticket: other.ticket }, 403],
        ['a forged one', { ticket: forged }, 401],
        ['a garbled one', { ticket: `${session.ticket}x` }, 401],
        ['one used from another origin', { ticket: session.ticket, origin: 'https://evil.example' }, 403],
      ];
      for (const [what, init, status] of attempts) {
        const { res, paths } = await upstreamOf(() => sessionCall(session, route, { method, body, ticketIn: place, ...init }));
        expect(res.status, what).toBe(status);
        expect(paths, what).toEqual([]);
      }
      expect(await channelOpen(session.rtc.channel)).toBe(true);
    });
  }

  it('refuses a ticket in the query of anything but a GET, even beside a good header (401)', async () => {
    for (const route of ['speak', 'heartbeat', 'leave']) {
      const { res, paths } = await upstreamOf(() =>
        call(`/v1/sessions/${session.sessionId}/${route}?ticket=${session.ticket}`, {
          method: 'POST',
          body: { text: 'Hi.' },
          ticket: session.ticket,
        }),
      );
      expect(res.status, route).toBe(401);
      expect((await errorOf(res)).message).toMatch(/URL only on a GET/);
      expect(paths).toEqual([]);
    }
    expect(await channelOpen(session.rtc.channel)).toBe(true);
  });

  it('refuses two different tickets, header and body or header and query (401)', async () => {
    const both = await sessionCall(session, 'speak', { body: { text: 'Hi.', ticket: other.ticket }, ticket: session.ticket });
    expect(both.status).toBe(401);
    expect((await errorOf(both)).message).toMatch(/two different tickets/);
    const leave = await sessionCall(session, 'leave', { method: 'POST', body: { ticket: session.ticket }, ticket: other.ticket });
    expect(leave.status).toBe(401);
    const read = await call(`/v1/sessions/${session.sessionId}/context?ticket=${other.ticket}`, { ticket: session.ticket });
    expect(read.status).toBe(401);
    expect(await channelOpen(session.rtc.channel)).toBe(true);
  });

  it('refuses a ticket field that is not a string (401), and a body without one is no ticket (401)', async () => {
    const plain = { 'Content-Type': 'text/plain;charset=UTF-8' };
    for (const body of [{ text: 'Hi.', ticket: 7 }, { text: 'Hi.', ticket: [session.ticket] }, { text: 'Hi.', ticket: '' }]) {
      const res = await sessionCall(session, 'speak', { body: JSON.stringify(body), headers: plain });
      expect(res.status, JSON.stringify(body.ticket)).toBe(401);
    }
    const none = await sessionCall(session, 'speak', { body: JSON.stringify({ text: 'Hi.' }), headers: plain });
    expect(none.status).toBe(401);
    expect((await errorOf(none)).message).toMatch(/ticket/);
  });
});

describe('logs', () => {
  it('no log line carries a ticket, whichever place it came in and however the call ended', async () => {
    const lines: string[] = [];
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((level) =>
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(' '))),
    );
    const session = await startSession();
    const { ticket } = session;
    const brokenSessions = { idFromName: () => { throw new Error('storage down'); }, get: () => { throw new Error('storage down'); } };
    try {
      for (const ticketIn of ['header', 'body'] as const) {
        await armFaults({ fail5xx: 1 }); // A2E fails: the upstream client logs a warning
        await sessionCall(session, 'speak', { body: { text: 'Hi.' }, ticket, ticketIn });
        // An unexpected failure is logged by the error handler.
        await sessionCall(session, 'heartbeat', { method: 'POST', ticket, ticketIn, env: { BROKER_SESSION: brokenSessions } as never });
        await sessionCall(session, 'speak', { body: { text: 'Hi.' }, ticket, ticketIn, origin: 'https://evil.example' });
      }
      await sessionCall(session, 'context', { ticket, ticketIn: 'query', env: { BROKER_SESSION: brokenSessions } as never });
      await sessionCall(session, 'context', { ticket, ticketIn: 'query' });
      await call(`/v1/sessions/${session.sessionId}/speak?ticket=${ticket}`, { body: { text: 'Hi.' } });
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    // The faults above did log (so this checks real lines), and none of them holds the ticket or its signature.
    expect(lines.some((line) => /upstream/.test(line))).toBe(true);
    expect(lines.some((line) => /storage down/.test(line))).toBe(true);
    const signature = ticket.split('.')[2]!;
    for (const line of lines) {
      expect(line).not.toContain(ticket);
      expect(line).not.toContain(signature);
    }
  });
});
