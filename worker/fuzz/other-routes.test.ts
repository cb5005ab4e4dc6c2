import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { call } from '../broker/testing/broker-test-kit';
import { encodeSegment, expectRefusalShape, headerText, hostileBody, hostileText, RUNS, withUpstream } from './fuzz-kit';

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'] as const;

describe('the rest of the public surface, fuzzed', () => {
  it('answers any path and method under /v1 without a 5xx, in the error shape where it refuses', async () => {
    const segment = hostileText.map(encodeSegment);
    const path = fc.array(fc.oneof(segment, fc.constantFrom('sessions', 'avatars', 'speak', 'leave', 'context', '..', '.')), { maxLength: 4 });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...METHODS), path, fc.option(hostileBody({}), { nil: undefined }), async (method, parts, body) => {
        const target = `/v1/${parts.join('/')}`;
        const sendable = method === 'GET' ? undefined : body;
        const { res } = await withUpstream(() => call(target, { method, body: sendable }));
        await expectRefusalShape(res, [200]);
        // The only successful GET is the avatar list; nothing else answers 200 to a stranger.
        if (res.status === 200) expect(new URL(`https://x${target}`).pathname.replace(/\/+$/, '')).toBe('/v1/avatars');
      }),
      RUNS,
    );
  });

  it('lets no request without the admin token reach A2E through /api/v1/*', async () => {
    const token = fc.oneof(
      fc.constant(undefined),
      headerText.map((text) => `Bearer ${text}`),
      headerText,
      fc.constant('Bearer test-admin-token-but-longer'),
      fc.constant('Basic dGVzdC1hZG1pbi10b2tlbg=='),
    );
    const path = fc.oneof(
      fc.constantFrom('streaming-avatar/speak', 'streaming-avatar/agora-token', 'video/generate', 'user/remaining'),
      hostileText.map(encodeSegment),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...METHODS), path, token, async (method, rest, authorization) => {
        const headers: Record<string, string> = authorization === undefined ? {} : { Authorization: authorization };
        const { res, upstream } = await withUpstream(() => call(`/api/v1/${rest}`, { method, headers, origin: null }));
        await expectRefusalShape(res);
        expect([401, 403]).toContain(res.status);
        expect(upstream).toEqual([]);
      }),
      RUNS,
    );
  });
});
