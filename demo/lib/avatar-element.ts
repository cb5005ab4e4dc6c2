/**
 * `<a2e-avatar>` as a page that embeds it sees it: the public contract of DESIGN.md ("The widget"),
 * nothing more. The demo pages load the element from the Worker's /a2e-avatar.js like any site,
 * so they are written against this contract, not against the element's source.
 */
export type AvatarState = 'idle' | 'connecting' | 'connected' | 'speaking' | 'reconnecting' | 'disconnected' | 'error';

export type AvatarMode = 'ask' | 'speak';

export interface AvatarElement extends HTMLElement {
  readonly state: AvatarState;
  connect(): Promise<void>;
  speak(text: string): Promise<unknown>;
  ask(question: string): Promise<unknown>;
  interrupt(): Promise<unknown>;
  disconnect(): Promise<void>;
  /** When the session ends upstream, where the element tells (ISO 8601 string or Date). */
  readonly expiresAt?: string | Date | null;
}

export interface AvatarEventDetails {
  'a2e-state-change': { state: AvatarState; reason?: string };
  'a2e-transcript': { role: 'user' | 'avatar'; text: string };
  'a2e-error': { code: string; message: string };
}

/** Typed listener for the element's events (they bubble and are composed, so any ancestor hears them). */
export function onAvatarEvent<K extends keyof AvatarEventDetails>(
  target: EventTarget,
  type: K,
  listener: (detail: AvatarEventDetails[K], event: Event) => void,
  options?: AddEventListenerOptions,
): () => void {
  const handler = (event: Event) => listener((event as CustomEvent<AvatarEventDetails[K]>).detail, event);
  target.addEventListener(type, handler, options);
  return () => target.removeEventListener(type, handler, options);
}

/** States in which the element holds a live session (and so costs money upstream). */
export const liveStates: ReadonlySet<AvatarState> = new Set(['connecting', 'connected', 'speaking', 'reconnecting']);
