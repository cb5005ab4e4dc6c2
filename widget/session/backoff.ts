export interface BackoffPolicy {
  /** How many times to try again before giving up. */
  attempts: number;
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_RECONNECT: BackoffPolicy = { attempts: 4, baseMs: 1_000, maxMs: 8_000 };

/** Delay before retry number `attempt` (0-based): exponential, capped, with jitter so many widgets do not retry in step. */
export function backoffDelay(policy: BackoffPolicy, attempt: number, random: () => number = Math.random): number {
  const exp = Math.min(policy.maxMs, policy.baseMs * 2 ** attempt);
  return Math.round(exp / 2 + (random() * exp) / 2);
}
