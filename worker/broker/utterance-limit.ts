/**
 * The per-session utterance limit (speak, ask, transcribe: DESIGN.md, 20 per 10 s), counted per
 * client address inside the session's own Durable Object: the object every utterance calls anyway
 * to mark activity, so the limit costs no round trip of its own (the Workers rate-limit binding
 * was a second one per utterance). Each session object counts only its own utterances, so the
 * count is per client address and session together, as the contract says, and visitors behind one
 * address never share a budget across sessions.
 *
 * A sliding window of the last utterance times: exact, where the binding's windows were aligned
 * to the clock. The counts live in memory: an object that is evicted after sitting idle has
 * nothing recent to count.
 */
export const UTTERANCES_PER_WINDOW = 20;
export const UTTERANCE_WINDOW_SECONDS = 10;
/** A session that sees more addresses than this forgets the quietest (a bound on memory). */
const MAX_ADDRESSES = 256;

export class UtteranceLimiter {
  private readonly times = new Map<string, number[]>();

  /** Counts one utterance from `address`; false (and not counted) when it is over the limit. */
  allow(address: string, now = Date.now()): boolean {
    const since = now - UTTERANCE_WINDOW_SECONDS * 1000;
    const recent = (this.times.get(address) ?? []).filter((time) => time > since);
    if (recent.length >= UTTERANCES_PER_WINDOW) {
      this.times.set(address, recent);
      return false;
    }
    recent.push(now);
    this.times.delete(address); // re-inserted last: the Map's order is least recently heard first
    this.times.set(address, recent);
    if (this.times.size > MAX_ADDRESSES) this.times.delete(this.times.keys().next().value!);
    return true;
  }
}
