import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env';

/**
 * One log line per admin call, so an operator can audit spend: method, path (without its query),
 * status, duration until the reply's headers, request id. Never bodies, queries or headers, which
 * may carry secrets or personal data. Rejected calls are logged too.
 */
export const auditLog = createMiddleware<AppEnv>(async (c, next) => {
  const started = Date.now();
  try {
    await next();
  } finally {
    console.log(
      JSON.stringify({
        level: 'info',
        event: 'admin_call',
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        durationMs: Date.now() - started,
        requestId: c.get('requestId'),
      }),
    );
  }
});
