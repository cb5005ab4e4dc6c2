import type { EndReason } from '../transports/transport';

/** The public states of `<a2e-avatar>` (DESIGN.md, "The widget"). */
export type AvatarState = 'idle' | 'connecting' | 'connected' | 'speaking' | 'reconnecting' | 'disconnected' | 'error';

/** Why a session ended (or is being retried): every end carries one. */
export type { EndReason };

/**
 * Which state may follow which. Anything else is a bug or a late event from a session that is
 * already over, and is ignored rather than allowed to scramble the public state.
 */
const NEXT: Readonly<Record<AvatarState, readonly AvatarState[]>> = {
  idle: ['connecting'],
  connecting: ['connected', 'disconnected', 'error'],
  connected: ['speaking', 'reconnecting', 'disconnected', 'error'],
  speaking: ['connected', 'reconnecting', 'disconnected', 'error'],
  reconnecting: ['connected', 'disconnected', 'error'],
  disconnected: ['connecting'],
  error: ['connecting'],
};

/** States in which a session exists at the broker (or is being made). */
export const LIVE_STATES: ReadonlySet<AvatarState> = new Set(['connecting', 'connected', 'speaking', 'reconnecting']);
/** States in which the avatar takes commands. */
export const READY_STATES: ReadonlySet<AvatarState> = new Set(['connected', 'speaking']);

export interface StateChange {
  state: AvatarState;
  previous: AvatarState;
  reason?: EndReason;
}

/** The one place the session's state changes; `onChange` is told of every real change. */
export class SessionStateMachine {
  #state: AvatarState = 'idle';
  #reason: EndReason | undefined;

  constructor(private readonly onChange: (change: StateChange) => void) {}

  get state(): AvatarState {
    return this.#state;
  }

  /** Why the last session ended, or why it is reconnecting; undefined while it runs normally. */
  get reason(): EndReason | undefined {
    return this.#reason;
  }

  can(to: AvatarState): boolean {
    return NEXT[this.#state].includes(to);
  }

  /** Moves to `to` if allowed; returns whether it did. */
  to(to: AvatarState, reason?: EndReason): boolean {
    if (!this.can(to)) return false;
    const previous = this.#state;
    this.#state = to;
    this.#reason = reason;
    this.onChange(reason === undefined ? { state: to, previous } : { state: to, previous, reason });
    return true;
  }
}
