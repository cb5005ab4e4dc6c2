/**
 * The contract between the element (first script) and its voice code (a chunk loaded the first
 * time the visitor turns the microphone on). Types only: the chunk imports nothing of the
 * element, so no class is bundled twice.
 */

/** `push-to-talk`: one turn per press. `hands-free`: turn after turn until switched off. */
export type VoiceMode = 'push-to-talk' | 'hands-free';

/** Who turns speech into text: the browser's recognition, or the broker's STT (recorded audio). */
export type SpeechEngine = 'browser' | 'server';

/** The element's microphone errors (DESIGN.md, "The widget"). */
export type VoiceErrorCode = 'microphone_blocked' | 'microphone_unavailable' | 'speech_failed';

export interface VoiceOptions {
  mode: VoiceMode;
  engine: SpeechEngine;
  /** The visitor speaking over the avatar interrupts it. */
  bargeIn: boolean;
  language: string;
}

/** What the voice code may do to the element. */
export interface VoiceHost {
  /** Whether the avatar is talking now (state `speaking`). */
  avatarSpeaking(): boolean;
  /** One recorded utterance to text, through the broker; rejects with the broker's error. */
  transcribe(audio: Blob): Promise<string>;
  /** A finished turn: asks the question (or says the line, by the element's mode). */
  say(text: string): Promise<void>;
  /** Cuts the avatar short; false where the carrier cannot. */
  interrupt(): Promise<boolean>;
  /** What the browser heard so far, before the turn is final ('' clears it). */
  interim(text: string): void;
  /** The visitor is talking: activity. */
  touch(): void;
  /** Whether the microphone is listening for the visitor right now. */
  listening(on: boolean): void;
  /** The microphone's level, 0..1, about 50 times a second while it is open. */
  level(value: number): void;
  /** The microphone failed; the voice has stopped. */
  failed(code: VoiceErrorCode): void;
  /** The voice stopped by itself (a push-to-talk turn is over, or it failed). */
  ended(): void;
}

/** A running voice: told when the avatar starts and stops talking, stopped by the element. */
export interface Voice {
  avatarSpeaking(speaking: boolean): void;
  /** The microphone button again: push-to-talk ends its turn and sends it, hands-free switches off. */
  stop(): void;
  /** Switches off at once, dropping any turn under way (hang-up, the element leaving the page). */
  close(): void;
}

/** `context`: the audio context the element made in the click (see CaptureDeps). */
export type StartVoice = (host: VoiceHost, options: VoiceOptions, context?: AudioContext) => Voice;
