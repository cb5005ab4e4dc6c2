import type { VoiceErrorCode } from './voice-types';

/** A microphone or recognition failure that stops the voice, with the element's error code. */
export class VoiceFailure extends Error {
  constructor(readonly code: VoiceErrorCode) {
    super(code);
    this.name = 'VoiceFailure';
  }
}
