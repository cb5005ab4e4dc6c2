import { Hono } from 'hono';
import type { InterruptReply } from '../../protocol/broker-api';
import { brokerSession } from './broker-session';
import { existing, requireOpen, requireTicket, type TicketEnv } from './session-access';

/**
 * POST /sessions/:id/interrupt: stops the model's answer in progress, in the session's object
 * where it runs (its completion is aborted upstream, no further sentence goes to A2E).
 * `interrupted: false` when nothing was being generated or waiting to be said, which is always
 * so in A2E's QA mode: A2E documents no way to stop its avatar (shared/a2e-api.md: `none`).
 */
export const interruptRoutes = new Hono<TicketEnv>().post('/:id/interrupt', requireTicket, async (c) => {
  const claims = c.get('ticket');
  const { record, interrupted } = await brokerSession(c.env, claims.sessionId).interrupt(claims.channel);
  requireOpen(existing(record, claims));
  return c.json<InterruptReply>({ ok: true, interrupted }, 200, { 'Cache-Control': 'no-store' });
});
