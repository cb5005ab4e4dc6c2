import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppEnv, Env } from '../env';
import { ApiError } from '../errors';
import { UTTERANCE_WINDOW_SECONDS } from './utterance-limit';
import { clientAddress, isLoopback } from '../client-address';

/**
 * Per-client rate limits on the routes that cost money upstream: minting a session and making the
 * avatar talk. Session starts run on the Workers rate-limit binding (Miniflare runs it locally),
 * whose limit and period live in wrangler.toml's `[[ratelimits]]`; the period below must match
 * it, since it becomes the `Retry-After` a refused client is told (the binding does not say when
 * the window reopens, so the whole period is the honest upper bound). Utterances are counted by
 * the session's own Durable Object (utterance-limit.ts).
 */
interface LimitSpec {
  binding: 'SESSION_RATE_LIMIT';
  periodSeconds: 60;
  what: string;
  /** The counter's key, or undefined for a request with no client to count against. */
  key(c: Context<AppEnv>): string | undefined;
}

/**
 * Session creation: counted per client address (wrangler.toml: SESSION_RATE_LIMIT).
 * Loopback is not counted: it is never a visitor's address on Cloudflare, only the developer's own
 * machine under `wrangler dev`, where every tab, test run and load tool shares that one address and
 * the concurrency cap (MAX_CONCURRENT_SESSIONS) already bounds what it can start.
 */
export const limitSessionCreation = rateLimit({
  binding: 'SESSION_RATE_LIMIT',
  periodSeconds: 60,
  what: 'sessions started',
  key: (c) => {
    const address = clientAddress(c);
    return address && !isLoopback(address) ? address : undefined;
  },
});

/**
 * Speak, ask and transcribe past the per-session utterance limit, which the session's own Durable
 * Object counts (utterance-limit.ts) in the call that marks the activity anyway.
 */
export function utteranceLimited(): ApiError {
  const seconds = UTTERANCE_WINDOW_SECONDS;
  return new ApiError(429, 'rate_limited', `Too many messages sent to this avatar. Wait ${seconds} seconds and try again.`, {
    'Retry-After': String(seconds),
  });
}

function rateLimit(spec: LimitSpec) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const key = spec.key(c);
    if (key !== undefined && !(await allowed(c.env, spec, key, c.get('requestId')))) {
      throw new ApiError(
        429,
        'rate_limited',
        `Too many ${spec.what}. Wait ${spec.periodSeconds} seconds and try again.`,
        { 'Retry-After': String(spec.periodSeconds) },
      );
    }
    await next();
  });
}

async function allowed(env: Env, spec: LimitSpec, key: string, requestId: string | undefined): Promise<boolean> {
  try {
    return (await env[spec.binding].limit({ key })).success;
  } catch (err) {
    // A limiter outage must not take the product down with it: let the request through, loudly.
    console.error(JSON.stringify({ level: 'error', requestId, error: `rate limiter ${spec.binding} failed`, detail: String(err) }));
    return true;
  }
}
