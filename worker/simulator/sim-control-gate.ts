import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env';
import { ApiError } from '../errors';
import { clientAddress, isLoopback } from '../client-address';
import { bearerToken } from '../broker/session-access';
import { sameSecret } from '../same-secret';

/**
 * The simulator's test switches (faults, statistics, room drops) break or spy on every visitor's
 * session, so a demo deployed in simulator mode must not let the public flip them: they answer
 * on loopback (the developer's machine, the tests' `wrangler dev`), to calls from inside
 * Cloudflare (no client address: the test pool, service bindings), or to a caller presenting
 * `SIM_CONTROL_TOKEN` as a Bearer token (compared in constant time). Anyone else gets 403.
 */
export const simControlGate = createMiddleware<AppEnv>(async (c, next) => {
  const address = clientAddress(c);
  if (address === undefined || isLoopback(address)) return next();
  const expected = c.env.SIM_CONTROL_TOKEN?.trim();
  const presented = bearerToken(c);
  if (expected && presented && (await sameSecret(presented, expected))) return next();
  throw new ApiError(
    403,
    'forbidden',
    expected
      ? 'The simulator controls need Authorization: Bearer <SIM_CONTROL_TOKEN>.'
      : 'The simulator controls answer only on loopback; set SIM_CONTROL_TOKEN to use them from elsewhere.',
  );
});
