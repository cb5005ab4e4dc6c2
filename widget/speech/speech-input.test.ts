import { afterEach, describe, expect, it, vi } from 'vitest';
import { speechFailure, speechInputSupported } from './speech-input';

class FakeRecognition {}

describe('speech input', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('is offered only on a secure page, where browsers give the microphone at all', () => {
    vi.stubGlobal('webkitSpeechRecognition', FakeRecognition);
    expect(speechInputSupported()).toBe(true);
    vi.stubGlobal('isSecureContext', false);
    expect(speechInputSupported()).toBe(false);
  });

  it('turns recognition errors into codes a page can act on, and a quiet end into none', () => {
    expect(speechFailure('no-speech')).toBeUndefined();
    expect(speechFailure('aborted')).toBeUndefined();
    expect(speechFailure('not-allowed')?.code).toBe('microphone_blocked');
    expect(speechFailure('service-not-allowed')?.code).toBe('microphone_blocked');
    expect(speechFailure('audio-capture')?.code).toBe('microphone_unavailable');
    expect(speechFailure('network')?.code).toBe('speech_failed');
  });
});
