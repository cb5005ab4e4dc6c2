import type { Context } from 'hono';
import type { SessionRecord } from './broker-session';
import { brokerSession } from './broker-session';
import { clientAddress } from '../client-address';
import { configVars } from '../model/session-ask';
import { utteranceLimited } from './rate-limit';
import { existing, requireOpen, type TicketEnv } from './session-access';

/**
 * An ask's one round trip to the session's object: activity, the utterance limit, and, where the
 * session's model answers, the start of its answer (`events`). Without `events` the session's
 * asks go to A2E's own QA, and the caller calls A2E.
 */
export async function beginAsk(
  c: Context<TicketEnv>,
  question: string,
): Promise<{ session: SessionRecord; events?: ReadableStream<Uint8Array> }> {
  const claims = c.get('ticket');
  const start = await brokerSession(c.env, claims.sessionId).ask({
    client: clientAddress(c),
    channel: claims.channel,
    question,
    vars: configVars(c.env),
  });
  if (start.limited) throw utteranceLimited();
  const session = requireOpen(existing(start.record, claims));
  return start.events ? { session, events: start.events } : { session };
}
