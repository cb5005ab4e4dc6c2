import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppEnv, Env } from '../env';
import { ApiError } from '../errors';
import { clientAddress, isLoopback } from '../client-address';

/**
 * Per-client rate limits on the routes that cost money upstream: minting a session and making the
 * avatar talk. They run on the Workers rate-limit binding (Miniflare runs it locally), whose limit
 * and period live in wrangler.toml's `[[ratelimits]]`; the periods below must match them, since
 * they become the `Retry-After` a refused client is told (the binding does not say when the
 * window reopens, so the whole period is the honest upper bound).
 */
interface LimitSpec {
  binding: 'SESSION_RATE_LIMIT' | 'UTTERANCE_RATE_LIMIT';
  periodSeconds: 10 | 60;
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
 * Speak and ask: counted per client and session (wrangler.toml: UTTERANCE_RATE_LIMIT), so one
 * visitor cannot flood an avatar, and visitors behind one NAT do not share a budget.
 * Use on a route with an `:id` parameter.
 */
export const limitUtterances = rateLimit({
  binding: 'UTTERANCE_RATE_LIMIT',
  periodSeconds: 10,
  what: 'messages sent to this avatar',
  key: (c) => {
    const address = clientAddress(c);
    return address && `${address}|${c.req.param('id') ?? ''}`;
  },
});

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
