import type { A2eControl } from '../a2e-avatar/a2e-avatar';
import type { A2eEventMap } from '../a2e-avatar/events';
import type { A2eStrings } from '../i18n/strings';

/** The element's own configuration, named as its properties (DESIGN.md, "Frameworks"). */
export interface A2eAvatarOptions {
  /** Base URL of your broker (the Worker). Attribute `server`. */
  server?: string;
  /** The avatar, an id from the broker's `GET /v1/avatars`. Attribute `avatar-id`. */
  avatarId?: string;
  /** Knowledge the avatar answers from; changing it mid-conversation updates it. */
  context?: string;
  /** BCP 47 language of the visitor. */
  language?: string;
  /** Who answers asks: `a2e` (A2E's QA) or `model` (the broker's model); default the broker's. */
  brain?: 'a2e' | 'model';
  /**
   * Connects once the component is on the page. Applied after the event props are listening
   * (never in the server's HTML), so `onStateChange` sees the session from its first state.
   */
  autoConnect?: boolean;
  /** Which controls show: space-separated `chat mic mute hangup captions`, or a list of them. */
  controls?: string | readonly A2eControl[];
  /** No built-in controls: drive the element from script through the ref. */
  noControls?: boolean;
  /** What the text box does: `ask` (the avatar answers) or `speak` (it says the text). */
  mode?: 'ask' | 'speak';
  /** Milliseconds a join may take before `join_timeout`. */
  joinTimeout?: number;
  /** Seconds without visitor activity before the conversation ends. */
  idleTimeout?: number;
  /** Image before the video starts. */
  poster?: string;
  /** Mutes the avatar. */
  muted?: boolean;
  /** How the microphone takes turns: `push-to-talk`, `hands-free` or `off`. */
  voice?: 'push-to-talk' | 'hands-free' | 'off';
  /** Who turns speech into text: `auto`, `browser` or `server` (the broker's). Attribute `speech-engine`. */
  speechEngine?: 'auto' | 'browser' | 'server';
  /** Speaking over the avatar interrupts it. Attribute `barge-in`. */
  bargeIn?: boolean;
  /** Replaces any visible text (a property, so set on the element once it is in the page). */
  strings?: Partial<A2eStrings>;
}

/** The element's events as props, each receiving the element's own typed `CustomEvent`. */
export interface A2eAvatarEventProps {
  onStateChange?: (event: A2eEventMap['a2e-state-change']) => void;
  onTranscript?: (event: A2eEventMap['a2e-transcript']) => void;
  onError?: (event: A2eEventMap['a2e-error']) => void;
}

/** Which DOM event each event prop listens to. */
export const EVENT_PROPS = {
  onStateChange: 'a2e-state-change',
  onTranscript: 'a2e-transcript',
  onError: 'a2e-error',
} as const satisfies Record<keyof A2eAvatarEventProps, keyof A2eEventMap>;

/** Options that travel as attributes, so server rendering writes them into the HTML. */
const ATTRIBUTES = {
  server: 'server',
  avatarId: 'avatar-id',
  context: 'context',
  language: 'language',
  brain: 'brain',
  controls: 'controls',
  noControls: 'no-controls',
  mode: 'mode',
  joinTimeout: 'join-timeout',
  idleTimeout: 'idle-timeout',
  poster: 'poster',
  muted: 'muted',
  voice: 'voice',
  speechEngine: 'speech-engine',
  bargeIn: 'barge-in',
} as const satisfies Partial<Record<keyof A2eAvatarOptions, string>>;

export type AttributeOption = keyof typeof ATTRIBUTES;
export const ATTRIBUTE_OPTIONS = Object.keys(ATTRIBUTES) as AttributeOption[];

/**
 * The element's attributes for these options, the same on the server and in the browser (so
 * hydration matches). A boolean is present or absent: React 18 would write `false` as the
 * string "false", which an HTML boolean attribute reads as true.
 */
export function attributesOf(options: Pick<A2eAvatarOptions, AttributeOption>): Record<string, string | true | undefined> {
  const attributes: Record<string, string | true | undefined> = {};
  for (const option of ATTRIBUTE_OPTIONS) {
    const value = options[option];
    const name = ATTRIBUTES[option];
    if (value === undefined || value === null || value === false) attributes[name] = undefined;
    else if (value === true) attributes[name] = true;
    else if (Array.isArray(value)) attributes[name] = value.join(' ');
    else attributes[name] = String(value);
  }
  return attributes;
}
