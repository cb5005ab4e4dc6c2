import { microphoneAllowedHere } from '../speech/speech-input';
import type { SpeechEngine } from './voice-types';

/** The `speech-engine` attribute: `auto` (the browser's recognition where it has one), or one forced. */
export type EnginePreference = 'auto' | 'browser' | 'server';

export interface EngineSupport {
  /** The browser has speech recognition (Chrome, Edge, Safari; not Firefox). */
  recognition: boolean;
  /** The browser can record the microphone for the broker (getUserMedia, MediaRecorder, Web Audio). */
  recording: boolean;
  /** The broker offers transcribe (`/health`'s `stt`); undefined while not known. */
  brokerStt: boolean | undefined;
}

/**
 * Who turns the visitor's speech into text, or undefined where nobody can (no microphone button).
 * The browser's recognition costs nothing and shows words as they come, so `auto` prefers it;
 * a page that would rather not send its visitors' voices to the browser's vendor (Chrome's goes
 * to Google), or wants one engine everywhere, forces `server`.
 */
export function chooseEngine(preference: EnginePreference, support: EngineSupport): SpeechEngine | undefined {
  const server = support.recording && support.brokerStt === true ? 'server' : undefined;
  if (preference === 'server') return server;
  if (support.recognition) return 'browser';
  return preference === 'auto' ? server : undefined;
}

/** Types MediaRecorder may record in, best first; every one is taken by the broker's transcribe. */
export const RECORDING_TYPES = ['audio/webm;codecs=opus', 'audio/ogg;codecs=opus', 'audio/mp4', 'audio/webm', 'audio/ogg'];

/**
 * Whether this page can record the microphone for the broker: a secure page, the APIs, and (in a
 * frame) a microphone its embedder delegated.
 */
export function recordingSupported(): boolean {
  return (
    globalThis.isSecureContext !== false &&
    microphoneAllowedHere() &&
    typeof navigator !== 'undefined' &&
    typeof navigator.mediaDevices?.getUserMedia === 'function' &&
    typeof AudioContext !== 'undefined' &&
    typeof MediaRecorder !== 'undefined' &&
    RECORDING_TYPES.some((type) => MediaRecorder.isTypeSupported(type))
  );
}
