import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from '../env';
import { ApiError } from '../errors';
import { adminGate } from '../proxy/admin-gate';
import { sameSecret } from '../same-secret';
import { auditLog } from '../proxy/audit-log';

/** A2E's events are one task record each; anything larger is not one. */
const MAX_EVENT_BYTES = 256 * 1024;
const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 200;

function inbox(env: AppEnv['Bindings']) {
  return env.WEBHOOK_INBOX.get(env.WEBHOOK_INBOX.idFromName('a2e'));
}

/**
 * A2E's task webhooks (DESIGN.md): `POST /api/webhooks/a2e` takes the events A2E sends for tasks
 * started with `webhook_url` and `webhook_token`, checking the token A2E echoes in
 * `X-A2e-Webhook-Token` against `A2E_WEBHOOK_TOKEN` in constant time, and keeps them;
 * `GET /api/webhooks/a2e/events` lists them for the back office (admin token). Off, with 503,
 * until A2E_WEBHOOK_TOKEN is set: an open endpoint would let anyone write into the inbox.
 */
export const webhookRoutes = new Hono<AppEnv>()
  .post(
    '/a2e',
    bodyLimit({
      maxSize: MAX_EVENT_BYTES,
      onError: () => {
        throw new ApiError(413, 'payload_too_large', `A webhook event may be at most ${MAX_EVENT_BYTES} bytes.`);
      },
    }),
    async (c) => {
      const expected = c.env.A2E_WEBHOOK_TOKEN?.trim();
      if (!expected) throw new ApiError(503, 'not_configured', 'Webhooks are off: set the A2E_WEBHOOK_TOKEN secret, and pass it as webhook_token when you start a task.');
      const presented = c.req.header('X-A2e-Webhook-Token')?.trim();
      if (!presented || !(await sameSecret(presented, expected))) {
        throw new ApiError(401, 'unauthorized', 'Missing or wrong X-A2e-Webhook-Token.');
      }
      let body: unknown;
      try {
        body = await c.req.json();
      } catch {
        throw new ApiError(400, 'bad_request', 'A webhook event is a JSON object.');
      }
      if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ApiError(400, 'bad_request', 'A webhook event is a JSON object.');
      const event = (body as Record<string, unknown>).event;
      const taskId = (body as Record<string, unknown>)._id;
      if (typeof event !== 'string' || !event) throw new ApiError(400, 'bad_request', 'The event names no `event`.');
      const id = await inbox(c.env).record(event, typeof taskId === 'string' ? taskId : null, JSON.stringify(body));
      console.log(JSON.stringify({ level: 'info', event: 'a2e_webhook', name: event, task: typeof taskId === 'string' ? taskId : null, requestId: c.get('requestId') }));
      return c.json({ ok: true, id });
    },
  )
  .get('/a2e/events', auditLog, adminGate, async (c) => {
    const raw = c.req.query('limit');
    const limit = raw === undefined ? DEFAULT_LIMIT : Number(raw);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw new ApiError(400, 'bad_request', `limit is a whole number from 1 to ${MAX_LIMIT}.`);
    const taskId = c.req.query('taskId');
    return c.json({ events: await inbox(c.env).recent(limit, taskId || undefined) }, 200, { 'Cache-Control': 'no-store' });
  });
