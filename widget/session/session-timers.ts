import { A2eError } from './a2e-error';
import type { ActivityTracker } from './activity-tracker';
import type { BrokerClient, SessionHandle } from './broker-client';
import { endsSession } from './session-errors';
import type { EndReason } from './session-state';

type Timer = ReturnType<typeof setTimeout>;

/** Every timer of one session, so its end clears them all at once. */
export class TimerSet {
  readonly #timers = new Set<Timer>();

  after(ms: number, fn: () => void): Timer {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      fn();
    }, ms);
    this.#timers.add(timer);
    return timer;
  }

  cancel(timer: Timer | undefined): void {
    if (timer === undefined) return;
    clearTimeout(timer);
    this.#timers.delete(timer);
  }

  clear(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }
}

/** What the live-session timers need: the broker session they keep alive and a way to end it. */
export interface LiveTimersOptions {
  live: SessionHandle & { expiresAt: string; idleSeconds: number };
  broker: BrokerClient;
  activity: ActivityTracker;
  timers: TimerSet;
  /** Ends the session after this long without visitor activity; default: the broker's idleSeconds. */
  idleTimeoutMs?: number;
  /** Send the heartbeat even when other calls have just told the broker the same (the old way, for benchmarks). */
  heartbeatWhileBusy?: boolean;
  /** False once the session these timers belong to has ended. */
  current(): boolean;
  end(reason: EndReason): void;
}

/**
 * The timers that keep a session from burning money: a heartbeat while the visitor is there,
 * an idle end, and the end at `expiresAt` (moved by each heartbeat). The broker counts every
 * speak, ask and context call as activity too, so while those flow the heartbeat stays home: it
 * goes only when a whole beat has passed without one (the broker's idle limit is three beats).
 */
export function startLiveTimers(options: LiveTimersOptions): void {
  const { live, broker, activity, timers, current, end } = options;
  const idleSeconds = Math.max(live.idleSeconds, 3);
  const idleMs = options.idleTimeoutMs ?? idleSeconds * 1000;
  const beatMs = (idleSeconds * 1000) / 3;
  // Heartbeat only for someone who is there and can see the avatar: an absent visitor's session should lapse.
  const heartbeat = () => {
    if (!current()) return;
    const present = activity.idleFor() < idleSeconds * 1000 && document.visibilityState === 'visible';
    const heardLately = Date.now() - broker.lastSessionCallAt < beatMs;
    if (present && (!heardLately || options.heartbeatWhileBusy)) {
      broker.heartbeat(live).then(
        (reply) => {
          if (!current()) return;
          live.expiresAt = reply.expiresAt;
          scheduleExpiry();
        },
        (err: unknown) => {
          const error = A2eError.from(err);
          if (current() && endsSession(error)) end('expired');
        },
      );
    }
    timers.after(beatMs, heartbeat);
  };
  timers.after(beatMs, heartbeat);

  const idleCheck = () => {
    if (!current()) return;
    const left = idleMs - activity.idleFor();
    if (left <= 0) end('idle');
    else timers.after(left, idleCheck);
  };
  timers.after(idleMs, idleCheck);

  let expiryTimer: Timer | undefined;
  const scheduleExpiry = () => {
    timers.cancel(expiryTimer);
    const left = Date.parse(live.expiresAt) - Date.now();
    if (Number.isFinite(left)) expiryTimer = timers.after(Math.max(0, left), () => end('expired'));
  };
  scheduleExpiry();
}
