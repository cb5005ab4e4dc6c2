import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, startSession } from '../broker/testing/broker-test-kit';
import type { CreateSessionReply } from '../../protocol/broker-api';
import { anyField, contentType, encodeSegment, expectRefusalShape, headerText, hostileBody, hostileText, RUNS, SHOP, withUpstream } from './fuzz-kit';

/** Statuses by which the broker refuses a request on its own, which must never reach A2E. */
const REFUSED = [400, 401, 403, 404, 405, 409, 413, 415];

/** The calls of one session, each with the body fields it expects. */
const request = fc.oneof(
  hostileBody({ text: anyField }).map((body) => ({ method: 'POST', action: 'speak', body })),
  hostileBody({ question: anyField }).map((body) => ({ method: 'POST', action: 'ask', body })),
  hostileBody({ context: anyField }).map((body) => ({ method: 'PUT', action: 'context', body })),
  fc.constant({ method: 'GET', action: 'context', body: undefined }),
  hostileBody({}).map((body) => ({ method: 'POST', action: 'heartbeat', body })),
);

describe('the calls of a session, fuzzed', () => {
  let mine: CreateSessionReply;
  let other: CreateSessionReply;
  beforeAll(async () => {
    mine = await startSession();
    other = await startSession();
  });

  /** A ticket as an attacker or a buggy client might present it. */
  const tickets = () =>
    fc.oneof(
      fc.constant({ kind: 'valid', header: `Bearer ${mine.ticket}` }),
      fc.constant({ kind: 'other session', header: `Bearer ${other.ticket}` }),
      fc.nat({ max: 400 }).map((at) => ({ kind: 'tampered', header: `Bearer ${flipOne(mine.ticket, at)}` })),
      fc.nat({ max: 400 }).map((cut) => ({ kind: 'truncated', header: `Bearer ${mine.ticket.slice(0, cut % mine.ticket.length)}` })),
      headerText.map((text) => ({ kind: 'garbage', header: `Bearer ${text}` })),
      headerText.map((text) => ({ kind: 'garbage', header: text })),
      fc.constant({ kind: 'missing', header: undefined }),
    );

  const ids = () =>
    fc.oneof(
      fc.constant({ kind: 'mine', id: () => mine.sessionId }),
      fc.constant({ kind: 'other', id: () => other.sessionId }),
      fc.uuid().map((id) => ({ kind: 'unknown', id: () => id })),
      hostileText.filter((text) => text.length > 0).map((text) => ({ kind: 'hostile', id: () => text })),
    );

  it('never answers 5xx, always speaks the error shape, and only a valid ticket of the session reaches A2E', async () => {
    const origin = fc.oneof(fc.constant(SHOP), fc.constant(null), fc.constant('https://evil.example'), headerText);
    await fc.assert(
      fc.asyncProperty(request, ids(), tickets(), origin, contentType, async ({ method, action, body }, id, ticket, from, type) => {
        const headers: Record<string, string> = {};
        if (ticket.header !== undefined) headers.Authorization = ticket.header;
        if (type && body !== undefined) headers['Content-Type'] = type;
        const path = `/v1/sessions/${encodeSegment(id.id())}/${action}`;
        const { res, upstream } = await withUpstream(() => call(path, { method, body, headers, origin: from }));
        await expectRefusalShape(res, [200]);
        const rightful =
          ((ticket.kind === 'valid' && id.kind === 'mine') || (ticket.kind === 'other session' && id.kind === 'other')) &&
          (from === null || from.toLowerCase() === SHOP); // origins compare case-insensitively
        if (!rightful) {
          // Anyone but the session's own page is refused before A2E hears of it (an oversize body
          // even before the ticket is read).
          expect([401, 403, 404, 413]).toContain(res.status);
        }
        if (REFUSED.includes(res.status)) expect(upstream).toEqual([]);
      }),
      RUNS,
    );
  });

  it('sees a rightful call reach A2E (so the refusals above are not vacuous)', async () => {
    const { res, upstream } = await withUpstream(() =>
      call(`/v1/sessions/${mine.sessionId}/speak`, { body: { text: 'Hello.' }, ticket: mine.ticket }),
    );
    expect(res.status).toBe(200);
    expect(upstream).toEqual(['/api/v1/streaming-avatar/speak']);
  });

  it('ends a session only with its own ticket, in the header or a beacon body', async () => {
    const beaconBody = fc.oneof(
      hostileBody({ ticket: fc.oneof(fc.constant(other.ticket), hostileText, anyField) }),
      fc.nat({ max: 400 }).map((at) => JSON.stringify({ ticket: flipOne(mine.ticket, at) })),
    );
    await fc.assert(
      fc.asyncProperty(beaconBody, contentType, async (body, type) => {
        const headers: Record<string, string> = type ? { 'Content-Type': type } : {};
        const { res, upstream } = await withUpstream(() =>
          call(`/v1/sessions/${mine.sessionId}/leave`, { method: 'POST', body, headers }),
        );
        await expectRefusalShape(res);
        expect([400, 401, 403, 413]).toContain(res.status);
        expect(upstream).toEqual([]);
      }),
      RUNS,
    );
    // After all that, the session is still open for its rightful owner.
    const spoken = await call(`/v1/sessions/${mine.sessionId}/speak`, { body: { text: 'Still here.' }, ticket: mine.ticket });
    expect(spoken.status).toBe(200);
  });
});

/** The ticket with one character changed (a forged signature, payload or header). */
function flipOne(ticket: string, at: number): string {
  const i = at % ticket.length;
  const swapped = ticket[i] === 'A' ? 'B' : 'A';
  return ticket.slice(0, i) + swapped + ticket.slice(i + 1);
}
