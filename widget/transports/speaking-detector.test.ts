import { describe, expect, it } from 'vitest';
import { SpeakingDetector } from './speaking-detector';

describe('SpeakingDetector', () => {
  it('starts at the louder threshold and stops only after the hold time below the quieter one', () => {
    const detector = new SpeakingDetector({ startLevel: 0.1, stopLevel: 0.05, holdMs: 300 });
    expect(detector.update(0.08, 0)).toBeUndefined();
    expect(detector.update(0.2, 100)).toBe(true);
    expect(detector.update(0.07, 200)).toBeUndefined(); // between thresholds: still speaking
    expect(detector.update(0.01, 300)).toBeUndefined(); // a pause between words
    expect(detector.update(0.3, 500)).toBeUndefined(); // speech resumes: the hold restarts
    expect(detector.update(0.01, 600)).toBeUndefined();
    expect(detector.update(0.01, 850)).toBeUndefined();
    expect(detector.update(0.01, 900)).toBe(false);
    expect(detector.isSpeaking).toBe(false);
  });

  it('reports the end on reset only when it was speaking', () => {
    const detector = new SpeakingDetector();
    expect(detector.reset()).toBeUndefined();
    detector.update(1, 0);
    expect(detector.reset()).toBe(false);
  });
});
