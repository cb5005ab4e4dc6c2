import { describe, expect, it } from 'vitest';
import { chooseEngine, recordingSupported } from './engine-choice';

const chrome = { recognition: true, recording: true };
/** Firefox: no speech recognition at all, but getUserMedia and MediaRecorder. */
const firefox = { recognition: false, recording: true };

describe('which engine hears the visitor', () => {
  it('in Firefox, the broker’s speech-to-text, where the broker offers it', () => {
    expect(chooseEngine('auto', { ...firefox, brokerStt: true })).toBe('server');
    expect(chooseEngine('auto', { ...firefox, brokerStt: false })).toBeUndefined();
    expect(chooseEngine('auto', { ...firefox, brokerStt: undefined })).toBeUndefined();
    expect(chooseEngine('browser', { ...firefox, brokerStt: true })).toBeUndefined();
  });

  it('in Chrome, the browser’s recognition unless the page forces the broker’s', () => {
    expect(chooseEngine('auto', { ...chrome, brokerStt: true })).toBe('browser');
    expect(chooseEngine('browser', { ...chrome, brokerStt: true })).toBe('browser');
    expect(chooseEngine('server', { ...chrome, brokerStt: true })).toBe('server');
    expect(chooseEngine('server', { ...chrome, brokerStt: false })).toBeUndefined();
  });

  it('nowhere where nothing can record and the browser cannot recognise', () => {
    expect(chooseEngine('auto', { recognition: false, recording: false, brokerStt: true })).toBeUndefined();
  });

  it('knows this Chromium can record the microphone for the broker', () => {
    expect(recordingSupported()).toBe(true);
  });
});
