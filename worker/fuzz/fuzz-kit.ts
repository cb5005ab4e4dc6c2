/**
 * Shared pieces of the property-based tests of the broker's inputs: arbitraries for hostile
 * requests, and the checks every refused request must pass (the error shape, never a 5xx, never
 * an upstream call).
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import type { ErrorBody, ErrorCode } from '../../protocol/broker-api';
import { watchUpstream } from '../broker/testing/broker-test-kit';

export { SHOP } from '../broker/testing/broker-test-kit';

/** Every code of protocol/broker-api.ts, so a reply with an undocumented code fails the check. */
const ERROR_CODES: readonly ErrorCode[] = [
  'bad_request', 'unauthorized', 'forbidden', 'not_found', 'conflict', 'session_ended', 'payload_too_large',
  'unsupported_media_type', 'rate_limited', 'too_many_sessions', 'upstream_error', 'upstream_busy', 'upstream_timeout',
  'not_configured', 'internal_error',
];

/** fast-check runs per property: enough to find the odd input, few enough for a 2-core machine. */
export const RUNS = { numRuns: 120 } as const;

/** Text a hostile client might send: anything, including control characters and lone surrogates. */
export const hostileText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.constantFrom('', ' ', '\u0000', '\uD800', '../../etc', '%2e%2e', '<script>', 'null', '{}', '[]', '𝕏'.repeat(30)),
);

/** A JSON body: any JSON value, an object with plausible and implausible fields, or not JSON at all. */
export function hostileBody(fields: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<string> {
  const value = fc.oneof(
    fc.jsonValue().map((v) => JSON.stringify(v)),
    fc.record(fields, { requiredKeys: [] }).map((v) => JSON.stringify(v)),
    fc
      .tuple(fc.record(fields, { requiredKeys: [] }), fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 2 })))
      .map(([known, extra]) => JSON.stringify({ ...extra, ...known })),
    hostileText,
    fc.constantFrom('{"', '{"text":', '\u0000\u0001', 'a'.repeat(70 * 1024)),
  );
  return value;
}

/** A field value: the right type or any other, short or far past every limit. */
export const anyField = fc.oneof(
  hostileText,
  fc.string({ minLength: 900, maxLength: 1100 }),
  fc.constant('x'.repeat(20_001)),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.object({ maxDepth: 1 }),
);

export const contentType = fc.constantFrom<string | undefined>(
  'application/json',
  'application/json; charset=utf-8',
  'text/plain;charset=UTF-8',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/jsonp',
  undefined,
);

/** A header value a client can send: anything printable, odd or not (Headers refuses the rest). */
export const headerText = fc.oneof(
  fc.string({ unit: 'binary-ascii', maxLength: 60 }).filter((value) => /^[\t\x20-\x7e]*$/.test(value)),
  fc.constantFrom('', 'null', 'file://', 'https://shop.example.evil.example', 'https://SHOP.example', 'https://shop.example/'),
);

/** Checks the reply is a well-formed error (or an allowed success) and never a server failure. */
export async function expectRefusalShape(res: Response, okStatuses: readonly number[] = []): Promise<void> {
  expect(res.status, `a 5xx for fuzzed input: ${res.status}`).toBeLessThan(500);
  if (okStatuses.includes(res.status)) return;
  expect(res.status).toBeGreaterThanOrEqual(400);
  expect(res.headers.get('Content-Type')).toMatch(/^application\/json/);
  const body = (await res.json()) as ErrorBody;
  expect(Object.keys(body)).toEqual(['error']);
  expect(ERROR_CODES).toContain(body.error.code);
  expect(typeof body.error.message).toBe('string');
  expect(body.error.message.length).toBeGreaterThan(0);
  expect(body.error.requestId).toMatch(/\S/);
  // No stack trace or internals in a public message.
  expect(body.error.message).not.toMatch(/\bat \S+ \(|\.ts:\d+|Error:/);
}

/** Runs `request` and returns its reply with the upstream paths it reached. */
export async function withUpstream(request: () => Promise<Response>): Promise<{ res: Response; upstream: string[] }> {
  const watch = watchUpstream();
  try {
    const res = await request();
    // Read the body inside the watch: a streamed reply could still be calling upstream.
    const copy = new Response(await res.arrayBuffer(), res);
    return { res: copy, upstream: watch.paths() };
  } finally {
    watch.stop();
  }
}

/** encodeURIComponent, which throws on lone surrogates; a client would send a replacement character. */
export function encodeSegment(value: string): string {
  return encodeURIComponent(value.replace(/[\uD800-\uDFFF]/g, '\uFFFD'));
}
