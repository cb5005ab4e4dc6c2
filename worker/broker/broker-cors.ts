import type { Context } from 'hono';
import { cors } from 'hono/cors';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env';
import { corsOptions, originAllowed } from './origin-policy';

const answerPreflight = cors(corsOptions);
const EXPOSED = (corsOptions.exposeHeaders ?? []).join(',');

/**
 * CORS for the broker's routes, with hono/cors's settings (origin-policy.ts). hono/cors answers
 * preflights. On every other request the same headers go into the headers Hono prepares for the
 * route's reply, before the route runs. hono/cors itself reads `c.res` before the route, which
 * makes a placeholder reply, and appends `Vary` after it; Hono then rebuilds the route's reply
 * twice over (honojs/hono#5185, #5187). Each speak paid for that: 0.1 to 0.15 ms of the broker's
 * share in interleaved A/B runs of bench/broker-cost.ts's measurement.
 */
export const brokerCors = createMiddleware<AppEnv>(async (c, next) => {
  if (c.req.method === 'OPTIONS') return answerPreflight(c, next);
  const origin = c.req.header('Origin');
  const allowedOrigin = origin !== undefined && originAllowed(c, origin) ? origin : undefined;
  writeCorsHeaders(c, allowedOrigin);
  await next();
  // A reply built as a Response of its own, not through c.json or c.body, has none of the prepared
  // headers: it gets them now (c.header copies a reply whose headers are immutable).
  if (!/\borigin\b/i.test(c.res.headers.get('Vary') ?? '')) writeCorsHeaders(c, allowedOrigin);
});

/** What hono/cors writes on a request that is not a preflight: the origin when allowed, what it may read, `Vary`. */
function writeCorsHeaders(c: Context, allowedOrigin: string | undefined): void {
  if (allowedOrigin !== undefined) c.header('Access-Control-Allow-Origin', allowedOrigin);
  if (EXPOSED) c.header('Access-Control-Expose-Headers', EXPOSED);
  c.header('Vary', 'Origin', { append: true });
}
