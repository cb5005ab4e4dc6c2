import { sign, verify } from 'hono/jwt';
import { JwtTokenExpired } from 'hono/utils/jwt/types';
import { z } from 'zod';
import type { Env } from '../env';
import { ApiError } from '../errors';
import { ticketKey } from './ticket-key';
import { verifiedTickets } from './verified-tickets';

/** Marks our tickets apart from any other token signed with the same secret. */
const AUDIENCE = 'a2e-avatar/session';

/** What a ticket binds: one session, its channel, the origin that made it, its expiry. */
export interface TicketClaims {
  sessionId: string;
  channel: string;
  /** The Origin that created the session; '' for a server-side caller that sent none. */
  origin: string;
  /** Unix seconds; the session's own expiry. */
  expiresAt: number;
}

const payloadSchema = z.object({
  aud: z.literal(AUDIENCE),
  sid: z.string().min(1),
  ch: z.string().min(1),
  org: z.string(),
  exp: z.number().int(),
  iat: z.number().int(),
});

/** A JWT (HS256 through Web Crypto), so the check is crypto.subtle.verify: constant time. */
export async function issueTicket(env: Env, claims: TicketClaims): Promise<string> {
  const payload: z.infer<typeof payloadSchema> = {
    aud: AUDIENCE,
    sid: claims.sessionId,
    ch: claims.channel,
    org: claims.origin,
    exp: claims.expiresAt,
    iat: Math.floor(Date.now() / 1000),
  };
  return sign(payload, await ticketKey(env), 'HS256');
}

/** The claims of a genuine, unexpired ticket; anything else is a 401. */
export async function readTicket(env: Env, ticket: string): Promise<TicketClaims> {
  const key = await ticketKey(env);
  const known = verifiedTickets.get(key, ticket);
  if (known) {
    // As hono/jwt's verify: expired once `exp` is not after now, in whole seconds.
    if (known.expiresAt <= Math.floor(Date.now() / 1000)) throw expired();
    return known;
  }
  let payload: unknown;
  try {
    payload = await verify(ticket, key, { alg: 'HS256', aud: AUDIENCE });
  } catch (err) {
    if (err instanceof JwtTokenExpired) throw expired();
    throw invalid();
  }
  const parsed = payloadSchema.safeParse(payload);
  if (!parsed.success) throw invalid();
  const claims = Object.freeze({ sessionId: parsed.data.sid, channel: parsed.data.ch, origin: parsed.data.org, expiresAt: parsed.data.exp });
  verifiedTickets.remember(key, ticket, claims);
  return claims;
}

function expired(): ApiError {
  return new ApiError(401, 'unauthorized', 'The session ticket has expired.');
}

function invalid(): ApiError {
  return new ApiError(401, 'unauthorized', 'The session ticket is not valid.');
}
