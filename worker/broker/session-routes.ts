import { Hono } from 'hono';
import type { ContextReply, HeartbeatReply, LeaveReply, UtteranceReply } from '../../protocol/broker-api';
import { ApiError } from '../errors';
import { a2eStreaming } from '../upstream/streaming-client';
import { askSchema, contextSchema, jsonBody, speakSchema } from './request-schemas';
import { existing, requireTicket, useOpenSession, type TicketEnv } from './session-access';
import { brokerSession } from './broker-session';
import { endSession } from './session-end';
import { beginAsk } from './ask-session';
import { answerReply } from '../model/answer-reply';
import { brainOf } from '../model/session-ask';
import { checkContextLength } from './session-brain';

const noStore = { 'Cache-Control': 'no-store' } as const;

/**
 * The calls of one session, under /sessions/:id. Each checks the ticket, then the body, then
 * marks activity on the session, and only then talks to A2E.
 */
export const sessionRoutes = new Hono<TicketEnv>()
  .post('/:id/speak', requireTicket, jsonBody(speakSchema), async (c) => {
    const session = await useOpenSession(c, { utterance: true });
    const { text } = c.req.valid('json');
    await a2eStreaming.speak(c.env, session.channel, text);
    return c.json<UtteranceReply>({ ok: true, text }, 200, noStore);
  })
  .post('/:id/ask', requireTicket, jsonBody(askSchema), async (c) => {
    const { question } = c.req.valid('json');
    const { session, events } = await beginAsk(c, question);
    // Model mode (worker/model): the session's object is answering, sentence by sentence.
    if (events) return answerReply(c, events);
    // A2E's ask reply carries no answer (doc): the avatar says it in the room, where the widget
    // reads it from the QA stream messages.
    await a2eStreaming.ask(c.env, session.channel, question);
    return c.json<UtteranceReply>({ ok: true }, 200, noStore);
  })
  // POST as well as PUT: a browser sends a POST with a text/plain body without a CORS preflight.
  .on(['PUT', 'POST'], '/:id/context', requireTicket, jsonBody(contextSchema), async (c) => {
    const session = await useOpenSession(c);
    const { context } = c.req.valid('json');
    checkContextLength(brainOf(session), context);
    if (brainOf(session) === 'model') {
      await brokerSession(c.env, session.sessionId).recordContext(context);
      return c.json<ContextReply>({ context }, 200, noStore);
    }
    await a2eStreaming.setContext(c.env, session.channel, context);
    // Only what A2E accepted is recorded, so a read never reports a context the avatar lacks.
    await brokerSession(c.env, session.sessionId).recordContext(context);
    return c.json<ContextReply>({ context }, 200, noStore);
  })
  .get('/:id/context', requireTicket, async (c) => {
    const session = await useOpenSession(c);
    // A2E documents no way to read a context back (get-qa-context is `none`): the broker's record.
    const context = await brokerSession(c.env, session.sessionId).context();
    return c.json<ContextReply>({ context }, 200, noStore);
  })
  .post('/:id/heartbeat', requireTicket, async (c) => {
    const session = await useOpenSession(c);
    return c.json<HeartbeatReply>({ ok: true, expiresAt: new Date(session.expiresAt).toISOString() }, 200, noStore);
  })
  // navigator.sendBeacon cannot set headers: its ticket comes in a text/plain JSON body.
  .post('/:id/leave', requireTicket, async (c) => {
    const claims = c.get('ticket');
    const session = brokerSession(c.env, claims.sessionId);
    const record = existing(await session.read(), claims);
    if (record.state === 'open') await endSession(c.env, session, 'client');
    return c.json<LeaveReply>({ ok: true, state: 'ended' }, 200, noStore);
  });
