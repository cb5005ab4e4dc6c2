import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, knownAvatarId } from '../broker/testing/broker-test-kit';
import type { CreateSessionReply } from '../../protocol/broker-api';
import { anyField, contentType, headerText, expectRefusalShape, hostileBody, hostileText, RUNS, SHOP, withUpstream } from './fuzz-kit';

/** Statuses by which the broker refuses a request on its own, which must never reach A2E. */
const REFUSED = [400, 401, 403, 405, 413, 415];

describe('POST /v1/sessions, fuzzed', () => {
  let avatarId: string;
  beforeAll(async () => {
    avatarId = await knownAvatarId();
  });

  it('never answers 5xx, always speaks the error shape, and never calls A2E for input it refuses', async () => {
    const origin = fc.oneof(fc.constant(SHOP), fc.constant(null), fc.constant('https://evil.example'), fc.constant('null'), headerText);
    const avatar = fc.oneof(fc.constant(avatarId), fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/), anyField);
    const body = hostileBody({ avatarId: avatar, context: anyField, language: fc.oneof(fc.constantFrom('en', 'en-US', 'zz-ZZZZ'), anyField) });

    await fc.assert(
      fc.asyncProperty(body, contentType, origin, async (raw, type, from) => {
        const { res, upstream } = await withUpstream(() =>
          call('/v1/sessions', { method: 'POST', body: raw, origin: from, headers: type ? { 'Content-Type': type } : {} }),
        );
        await expectRefusalShape(res.clone(), [201]);
        if (REFUSED.includes(res.status)) expect(upstream).toEqual([]);
        if (res.status === 201) {
          // Leave at once, so the fuzzing never fills MAX_CONCURRENT_SESSIONS.
          const session = (await res.json()) as CreateSessionReply;
          await call(`/v1/sessions/${session.sessionId}/leave`, { method: 'POST', ticket: session.ticket, origin: from });
        }
      }),
      RUNS,
    );
  });

  it('answers any avatarId in an otherwise proper request with 201 or a 4xx, never a 5xx', async () => {
    const avatar = fc.oneof(fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/), fc.stringMatching(/^[0-9a-f]{24}$/), hostileText);
    await fc.assert(
      fc.asyncProperty(avatar, async (id) => {
        const res = await call('/v1/sessions', { body: { avatarId: id } });
        await expectRefusalShape(res.clone(), [201]);
        if (res.status === 201) {
          const session = (await res.json()) as CreateSessionReply;
          await call(`/v1/sessions/${session.sessionId}/leave`, { method: 'POST', ticket: session.ticket });
        }
      }),
      { numRuns: 60 },
    );
  });

  it('refuses every body without a usable avatarId before calling A2E', async () => {
    // Bodies that are valid JSON objects but whose avatarId is missing or not a string.
    const body = fc
      .record({ avatarId: fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string()), fc.object({ maxDepth: 1 })), context: anyField }, { requiredKeys: [] })
      .map((value) => JSON.stringify(value));
    await fc.assert(
      fc.asyncProperty(body, async (raw) => {
        const { res, upstream } = await withUpstream(() => call('/v1/sessions', { method: 'POST', body: raw, headers: { 'Content-Type': 'application/json' } }));
        expect([400, 413]).toContain(res.status);
        await expectRefusalShape(res);
        expect(upstream).toEqual([]);
      }),
      RUNS,
    );
  });
});
