import { LitElement, type PropertyDeclarations } from 'lit';
import type { A2eStrings } from '../i18n/strings';
import type { PreloadPolicy } from '../transports/preload';
import type { EnginePreference } from '../voice/engine-choice';
import type { VoiceSetting } from './mic-controller';

/** Names in the `controls` attribute. */
export type A2eControl = 'chat' | 'mic' | 'mute' | 'hangup' | 'captions';
export const ALL_CONTROLS = 'chat mic mute hangup captions';

/**
 * The options a page sets on `<a2e-avatar>`, as attributes or properties, with their defaults:
 * the element's public settings apart from what it does with them (a2e-avatar.ts).
 */
export class A2eAvatarOptions extends LitElement {
  static override properties: PropertyDeclarations = {
    server: { type: String },
    avatarId: { type: String, attribute: 'avatar-id' },
    context: { type: String },
    language: { type: String },
    brain: { type: String },
    autoConnect: { type: Boolean, attribute: 'auto-connect' },
    controls: { type: String },
    noControls: { type: Boolean, attribute: 'no-controls' },
    mode: { type: String },
    joinTimeout: { type: Number, attribute: 'join-timeout' },
    codec: { type: String },
    idleTimeout: { type: Number, attribute: 'idle-timeout' },
    poster: { type: String },
    muted: { type: Boolean, reflect: true },
    voice: { type: String },
    speechEngine: { type: String, attribute: 'speech-engine' },
    bargeIn: { type: Boolean, attribute: 'barge-in' },
    preload: { type: String },
    strings: { attribute: false },
  };

  /** Base URL of your broker (the Worker), e.g. `https://avatar.example.com`. */
  server = '';
  /** Which avatar to talk to (an id from the broker's `GET /v1/avatars`). */
  avatarId = '';
  /** Knowledge the avatar answers from (its QA context); changing it mid-conversation updates it. */
  context = '';
  /** BCP 47 language the visitor speaks, for speech recognition and the session; default: the browser's. */
  language = '';
  /** Who answers asks: `a2e` (A2E's QA) or `model` (the broker's own model); default: the broker's (its `/health`). */
  brain: '' | 'a2e' | 'model' = '';
  /** Connects as soon as the element is on the page (the browser may then start with sound off). */
  autoConnect = false;
  /** Which controls show, space-separated: `chat mic mute hangup captions`. */
  controls = ALL_CONTROLS;
  /** Hides every built-in control: drive the element from script. */
  noControls = false;
  /** What the text box does: `ask` (the avatar answers) or `speak` (the avatar says the text). */
  mode: 'ask' | 'speak' = 'ask';
  /** Milliseconds a join may take before it fails with `join_timeout`. */
  joinTimeout = 15_000;
  /** Video codec of the Agora client: `h264` (plays on iOS Safari), `vp8`, `vp9` or `av1`; default `h264`. */
  codec = '';
  /** Seconds without visitor activity after which the conversation ends; default: the broker's idle limit. */
  idleTimeout: number | undefined = undefined;
  /** Image shown before the video starts; default: the avatar's preview image. */
  poster = '';
  /** Mutes the avatar's voice. */
  muted = false;
  /**
   * How the microphone takes turns: `push-to-talk` (one question per press), `hands-free`
   * (listens, sends each turn when the visitor pauses, does not listen while the avatar answers,
   * then listens again) or `off` (no microphone).
   */
  voice: VoiceSetting = 'push-to-talk';
  /**
   * Who turns speech into text: `auto` (the browser's recognition where it has one, else the
   * broker's speech-to-text), `browser`, or `server` (always the broker: the audio goes only there).
   */
  speechEngine: EnginePreference = 'auto';
  /** Speaking over the avatar interrupts it (where the carrier can), and that speech is the next turn. */
  bargeIn = false;
  /** When the transport's code loads ahead of `connect()` (never a session): `visible`, `intent` (pointer or keyboard near) or `none`. */
  preload: PreloadPolicy = 'visible';
  /** Replaces any visible text; see `A2eStrings` for the keys. */
  strings: Partial<A2eStrings> = {};

}
