import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env';
import { ApiError } from '../errors';
import { sameSecret } from '../same-secret';

/**
 * The back office's one secret: `Authorization: Bearer <ADMIN_TOKEN>`. No token configured means
 * closed (503), never open. The comparison is constant-time (same-secret.ts).
 */
export const adminGate = createMiddleware<AppEnv>(async (c, next) => {
  const expected = c.env.ADMIN_TOKEN?.trim();
  if (!expected) {
    throw new ApiError(503, 'not_configured', 'The A2E API proxy is off: set the ADMIN_TOKEN secret to turn it on.');
  }
  const presented = /^Bearer\s+(.+)$/i.exec(c.req.header('Authorization') ?? '')?.[1]?.trim();
  if (!presented || !(await sameSecret(presented, expected))) {
    throw new ApiError(401, 'unauthorized', 'Send Authorization: Bearer <ADMIN_TOKEN>.', { 'WWW-Authenticate': 'Bearer' });
  }
  await next();
});
