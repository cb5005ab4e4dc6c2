import { A2eError } from './a2e-error';
import { backoffDelay, type BackoffPolicy } from './backoff';

/** The steps of one rejoin, supplied by the session that owns the room. */
export interface RejoinSteps {
  policy: BackoffPolicy;
  /** Waits on a timer the session clears at its end. */
  wait(ms: number): Promise<void>;
  /** True once the session has ended (or started anew) meanwhile. */
  stale(): boolean;
  /** Joins the same room with a fresh transport. */
  join(): Promise<void>;
  /** Leaves the transport a failed join left behind. */
  dropTransport(): Promise<void>;
}

export type RejoinOutcome = 'joined' | 'failed' | 'stale';

/**
 * Tries to rejoin a dropped room with bounded, jittered backoff. Gives up early where the room is
 * gone for good (ended, or the ticket no longer valid): no point trying again.
 */
export async function rejoinWithBackoff(steps: RejoinSteps): Promise<RejoinOutcome> {
  for (let attempt = 0; attempt < steps.policy.attempts; attempt++) {
    await steps.wait(backoffDelay(steps.policy, attempt));
    if (steps.stale()) return 'stale';
    try {
      await steps.join();
      return steps.stale() ? 'stale' : 'joined';
    } catch (err) {
      if (steps.stale()) return 'stale';
      await steps.dropTransport();
      const error = A2eError.from(err);
      if (error.code === 'session_ended' || error.code === 'unauthorized') break;
    }
  }
  return steps.stale() ? 'stale' : 'failed';
}
