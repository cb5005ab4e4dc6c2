import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppEnv, Env } from '../env';
import { ApiError } from '../errors';
import { readTicket, type TicketClaims } from './session-ticket';
import { brokerSession, type SessionRecord } from './broker-session';
import { clientAddress } from '../client-address';
import { utteranceLimited } from './rate-limit';
import { ticketOf } from './ticket-carrier';

export { bearerToken } from './ticket-carrier';

/** Hono env of the routes under /sessions/:id, once the ticket is checked. */
export interface TicketEnv {
  Bindings: AppEnv['Bindings'];
  Variables: AppEnv['Variables'] & { ticket: TicketClaims };
}

/** What a ticket is checked against: the session in the path and the request's Origin. */
export interface TicketUse {
  sessionId: string;
  origin: string | undefined;
}

export function ticketUse(c: Context): TicketUse {
  return { sessionId: c.req.param('id') ?? '', origin: c.req.header('Origin') };
}

/**
 * Checks a ticket against the session named in the path and the request's Origin:
 * 401 when missing, forged or expired; 403 when it belongs to another session or another origin.
 */
export async function checkTicket(env: Env, use: TicketUse, ticket: string | undefined): Promise<TicketClaims> {
  if (!ticket) {
    throw new ApiError(401, 'unauthorized', 'Send the session ticket: Authorization: Bearer <ticket>, or a "ticket" field of the JSON body.', {
      'WWW-Authenticate': 'Bearer',
    });
  }
  const claims = await readTicket(env, ticket);
  if (claims.sessionId !== use.sessionId) {
    throw new ApiError(403, 'forbidden', 'This ticket belongs to another session.');
  }
  if (use.origin !== undefined && use.origin.toLowerCase() !== claims.origin.toLowerCase()) {
    throw new ApiError(403, 'forbidden', 'This ticket was issued to another origin.');
  }
  return claims;
}

/**
 * Middleware for every session route: the ticket from wherever it travels (ticket-carrier.ts),
 * checked the same way whatever the place.
 */
export const requireTicket = createMiddleware<TicketEnv>(async (c, next) => {
  c.set('ticket', await checkTicket(c.env, ticketUse(c), await ticketOf(c)));
  await next();
});

/**
 * The ticket's session, open, with this call counted as activity (it postpones the idle end).
 * 404 when the broker has no such session, 409 when it has ended. An `utterance` (speak,
 * transcribe) also counts against the per-client utterance limit, in the same round trip: 429.
 */
export async function useOpenSession(c: Context<TicketEnv>, use: { utterance?: boolean } = {}): Promise<SessionRecord> {
  const claims = c.get('ticket');
  const session = brokerSession(c.env, claims.sessionId);
  if (!use.utterance) return requireOpen(existing(await session.touch(), claims));
  const { limited, record } = await session.utter(clientAddress(c));
  if (limited) throw utteranceLimited();
  return requireOpen(existing(record, claims));
}

/** The session a valid ticket names, whatever its state. */
export function existing(record: SessionRecord | null, claims: TicketClaims): SessionRecord {
  if (!record) throw new ApiError(404, 'not_found', 'No such session.');
  if (record.channel !== claims.channel) throw new ApiError(403, 'forbidden', 'This ticket belongs to another session.');
  return record;
}

export function requireOpen(record: SessionRecord): SessionRecord {
  if (record.state === 'open') return record;
  const why = record.endReason === 'idle' ? ' after being idle' : record.endReason === 'expired' ? ' at its expiry' : '';
  throw new ApiError(409, 'session_ended', `This session has ended${why}. Start a new one.`);
}
