import { describe, expect, it } from 'vitest';
import { MIN_UTTERANCE_MS, scheduleUtterance, speechDurationMs, START_LEAD_MS, WORDS_PER_MINUTE } from './utterance-timing';

describe('speechDurationMs', () => {
  it('grows with the number of words at the speaking rate', () => {
    const thirty = Array.from({ length: 30 }, () => 'word').join(' ');
    expect(speechDurationMs(thirty)).toBe((30 * 60_000) / WORDS_PER_MINUTE);
    expect(speechDurationMs(`${thirty} ${thirty}`)).toBe(2 * speechDurationMs(thirty));
  });

  it('never goes below the minimum, and ignores extra whitespace', () => {
    expect(speechDurationMs('Hi')).toBe(MIN_UTTERANCE_MS);
    expect(speechDurationMs('  one   two  ')).toBe(speechDurationMs('one two'));
  });
});

describe('scheduleUtterance', () => {
  it('starts shortly after now when the avatar is idle', () => {
    expect(scheduleUtterance('Hello there', 10_000, 0)).toEqual({
      startAt: 10_000 + START_LEAD_MS,
      endAt: 10_000 + START_LEAD_MS + speechDurationMs('Hello there'),
    });
  });

  it('queues behind an utterance still playing', () => {
    expect(scheduleUtterance('Next', 10_000, 14_000).startAt).toBe(14_000);
  });
});
