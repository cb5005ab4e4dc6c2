import { Hono } from 'hono';
import type { AppEnv, Env } from '../env';
import type { CreateSessionReply } from '../../protocol/broker-api';
import { readConfig } from '../config';
import { ApiError } from '../errors';
import { a2eStreaming } from '../upstream/streaming-client';
import { isA2eRefusal } from '../upstream/a2e-call';
import { listedAvatars } from './avatars-routes';
import { requireAllowedOrigin } from './origin-policy';
import { limitSessionCreation } from './rate-limit';
import { createSessionSchema, jsonBody } from './request-schemas';
import { sessionLedger } from './session-ledger';
import { brokerSession } from './broker-session';
import { endSession } from './session-end';
import { issueTicket } from './session-ticket';
import { rtcFor } from './session-rtc';
import { chooseBrain, checkContextLength } from './session-brain';

/**
 * POST /sessions: origin check, per-client rate limit, body check, a concurrency slot, then (only
 * then) A2E's room.
 * The room is asked for SESSION_MAX_SECONDS, since A2E bills the whole expiry up front. The
 * context (at most 5 000 characters, A2E's limit: a longer one is a 413 before any of this) is
 * set right after, while the session's object records the session with it (the model's prompt and
 * GET context read it there; a context A2E refuses ends the session before anyone could read it).
 */
export const createSessionRoutes = new Hono<AppEnv>().post(
  '/',
  requireAllowedOrigin,
  limitSessionCreation,
  jsonBody(createSessionSchema),
  async (c) => {
    const config = readConfig(c.env);
    const body = c.req.valid('json');
    const brain = chooseBrain(config, body.brain);
    checkContextLength(brain, body.context);
    const sessionId = crypto.randomUUID();
    const createdAt = Date.now();
    // Whole seconds, so the ticket's `exp` and the session's expiry are the same instant.
    const limit = (Math.floor(createdAt / 1000) + config.sessionMaxSeconds) * 1000;

    const ledger = sessionLedger(c.env);
    // The slot is held until our limit at most; a session A2E ends sooner gives it back then.
    const slot = await ledger.acquire(sessionId, limit, config.maxConcurrentSessions, config.sessionIdleSeconds);
    if (!slot.ok) {
      throw new ApiError(429, 'too_many_sessions', 'Every avatar session is in use. Try again shortly.', {
        'Retry-After': String(slot.retryAfterSeconds),
      });
    }

    let room;
    try {
      room = await a2eStreaming.createRoom(c.env, body.avatarId, config.sessionMaxSeconds);
    } catch (err) {
      await ledger.release(sessionId);
      throw await explainRefusal(c.env, body.avatarId, err);
    }
    // A room A2E says ends sooner than our limit ends then: the ticket, the alarm and the reply
    // all name that one instant.
    const expiresAt = Math.min(limit, room.expiresAt ?? limit);

    const origin = c.req.header('Origin') ?? '';
    const session = brokerSession(c.env, sessionId);
    // A2E's QA needs the context before the first ask; setting it, the session's record and the
    // ticket (its key may be a Durable Object away) need none of each other: all go at once.
    const contextForA2e = brain === 'a2e' ? body.context : undefined;
    const [started, contextSet, signed] = await Promise.allSettled([
      session.start({
        sessionId,
        avatarId: body.avatarId,
        ...(body.language ? { language: body.language } : {}),
        channel: room.channel,
        uid: room.uid,
        origin,
        createdAt,
        expiresAt,
        idleSeconds: config.sessionIdleSeconds,
        brain,
      }, body.context),
      contextForA2e ? a2eStreaming.setContext(c.env, room.channel, contextForA2e) : undefined,
      issueTicket(c.env, { sessionId, channel: room.channel, origin, expiresAt: expiresAt / 1000 }),
    ]);
    if (started.status === 'rejected') throw started.reason;
    // A session without the context it was asked for would answer wrongly, one without its ticket
    // cannot be used: end it now.
    const abandon = async (reason: unknown): Promise<never> => {
      await endSession(c.env, session, 'upstream').catch(() => undefined);
      throw reason;
    };
    if (contextSet.status === 'rejected') return abandon(contextSet.reason);
    if (signed.status === 'rejected') return abandon(signed.reason);
    const ticket = signed.value;
    return c.json<CreateSessionReply>(
      {
        sessionId,
        ticket,
        expiresAt: new Date(expiresAt).toISOString(),
        idleSeconds: config.sessionIdleSeconds,
        rtc: rtcFor(config, room),
      },
      201,
      { 'Cache-Control': 'no-store' },
    );
  },
);

/**
 * A2E refuses an avatar id it does not know with a non-zero code, which alone reads as an upstream
 * failure (502). When the avatar list agrees that the id does not exist, the mistake is the
 * caller's: 404, so fuzzed or mistyped ids never look like a broker or A2E fault.
 */
async function explainRefusal(env: Env, avatarId: string, err: unknown): Promise<unknown> {
  if (!isA2eRefusal(err)) return err;
  const listed = await listedAvatars(env).then(
    (avatars) => avatars.some((avatar) => avatar.id === avatarId),
    () => true, // the list is unavailable too: keep A2E's own answer
  );
  return listed ? err : new ApiError(404, 'not_found', 'No streaming avatar has this id; GET /v1/avatars lists them.');
}
