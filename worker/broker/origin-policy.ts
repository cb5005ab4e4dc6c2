import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { cors } from 'hono/cors';
import type { AppEnv } from '../env';
import { readConfig } from '../config';
import { ApiError } from '../errors';

/**
 * Who may create sessions from a browser. ALLOWED_ORIGINS lists origins; `*` allows any, and
 * is also the only setting that admits requests with no Origin header (server-side callers),
 * since a browser always sends one on a cross-site POST. The Worker's own origin (the demo page
 * it serves) is always allowed.
 */
export function originAllowed(c: Context<AppEnv>, origin: string | undefined): boolean {
  const allowed = readConfig(c.env).allowedOrigins;
  if (allowed.includes('*')) return true;
  if (!origin) return false;
  const normalised = origin.toLowerCase();
  // The listed origins first: every call of a session on another site is one, and parsing the
  // request's URL for its own origin costs more than the list.
  return allowed.includes(normalised) || normalised === new URL(c.req.url).origin;
}

/** hono/cors settings: allowed origins are echoed; any other gets no CORS headers at all. */
export const corsOptions: NonNullable<Parameters<typeof cors>[0]> = {
  origin: (origin, c) => (originAllowed(c as Context<AppEnv>, origin) ? origin : null),
  allowMethods: ['GET', 'POST', 'PUT', 'OPTIONS'],
  allowHeaders: ['Authorization', 'Content-Type'],
  exposeHeaders: ['Retry-After', 'X-Request-Id'],
  maxAge: 600,
};

/** 403 before anything else happens (validation, A2E) when the Origin is not allowed. */
export const requireAllowedOrigin = createMiddleware<AppEnv>(async (c, next) => {
  if (!originAllowed(c, c.req.header('Origin'))) {
    throw new ApiError(403, 'forbidden', 'This origin may not start avatar sessions. Add it to ALLOWED_ORIGINS.');
  }
  await next();
});
