import type { TicketClaims } from './session-ticket';

/** Tickets one isolate remembers per key; a visitor's page sends the same one on every call. */
const MAX_TICKETS_PER_KEY = 1024;

const byKey = new WeakMap<CryptoKey, Map<string, TicketClaims>>();

/**
 * Tickets this isolate has already found genuine, by the key that checked them, so a session's
 * calls after its first skip the HMAC, the JSON and the schema (a model's answer is several
 * speaks). Only the exact string that was checked matches, only under the same key, and expiry is
 * checked on every use, so a remembered ticket is refused exactly when a fresh check would refuse it.
 */
export const verifiedTickets = {
  get(key: CryptoKey, ticket: string): TicketClaims | undefined {
    return byKey.get(key)?.get(ticket);
  },

  /** `claims` are shared by every later call with this ticket: frozen, so none can change them for the rest. */
  remember(key: CryptoKey, ticket: string, claims: Readonly<TicketClaims>): void {
    let tickets = byKey.get(key);
    if (!tickets) byKey.set(key, (tickets = new Map()));
    tickets.set(ticket, claims);
    // The oldest goes first: it was checked longest ago, so its session is the likeliest over.
    if (tickets.size > MAX_TICKETS_PER_KEY) tickets.delete(tickets.keys().next().value!);
  },
};
