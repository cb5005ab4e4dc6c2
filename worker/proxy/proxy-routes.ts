import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { ApiError } from '../errors';
import { openApiRoutes } from '../catalogue/openapi-routes';
import { adminGate } from './admin-gate';
import { auditLog } from './audit-log';
import { forwardToA2E } from './forward';
import { isRouteAllowed, parseAdminRoutes } from './route-allow-list';
import { isSafeUpstreamPath } from './safe-path';

/**
 * The back-office proxy (DESIGN.md, "Full A2E API proxy"): /api/v1/* to A2E with the admin token
 * swapped for the key; plus the public OpenAPI document and docs page of that API.
 */
export const proxyRoutes = new Hono<AppEnv>();

proxyRoutes.route('/', openApiRoutes);

proxyRoutes.use('/v1/*', auditLog, adminGate);

proxyRoutes.all('/v1/*', (c) => {
  // The path as sent: Hono's c.req.path is decoded, which would hide %2f and friends.
  const url = new URL(c.req.url);
  if (!isSafeUpstreamPath(url.pathname)) {
    throw new ApiError(400, 'bad_request', 'The path must stay under /api/v1/: no dot segments, encoded slashes or backslashes.');
  }
  if (!isRouteAllowed(parseAdminRoutes(c.env.ADMIN_ROUTES), c.req.method, url.pathname)) {
    throw new ApiError(403, 'forbidden', `${c.req.method} ${url.pathname} is not in this broker's ADMIN_ROUTES.`);
  }
  return forwardToA2E(c.env, c.req.raw, url.pathname + url.search, c.get('requestId'));
});
