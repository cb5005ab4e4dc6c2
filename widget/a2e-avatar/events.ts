import type { A2eErrorCode } from '../session/a2e-error';
import type { AvatarState, EndReason } from '../session/session-state';

export interface A2eStateChangeDetail {
  state: AvatarState;
  /** Why the session ended or is reconnecting; absent while it runs normally. */
  reason?: EndReason;
}

export interface A2eTranscriptDetail {
  role: 'user' | 'avatar';
  text: string;
}

export interface A2eErrorDetail {
  code: A2eErrorCode;
  message: string;
}

/** The element's events by name, for `GlobalEventHandlersEventMap` and `emit()`. */
export interface A2eEventMap {
  'a2e-state-change': CustomEvent<A2eStateChangeDetail>;
  'a2e-transcript': CustomEvent<A2eTranscriptDetail>;
  'a2e-error': CustomEvent<A2eErrorDetail>;
}

type DetailOf<K extends keyof A2eEventMap> = A2eEventMap[K] extends CustomEvent<infer D> ? D : never;

/** The element's one way to tell the page something: bubbling, composed, typed. */
export function emit<K extends keyof A2eEventMap>(target: EventTarget, name: K, detail: DetailOf<K>): void {
  target.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
}
