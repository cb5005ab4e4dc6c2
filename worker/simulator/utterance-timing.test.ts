import { describe, expect, it } from 'vitest';
import { MIN_UTTERANCE_MS, renderLeadMs, scheduleUtterance, speechDurationMs, START_LEAD_MS, WORDS_PER_MINUTE } from './utterance-timing';

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

  it('starts after the render lead it is given, at once with none', () => {
    expect(scheduleUtterance('Hello there', 10_000, 0, 0).startAt).toBe(10_000);
    expect(scheduleUtterance('Hello there', 10_000, 0, 40).startAt).toBe(10_040);
    expect(scheduleUtterance('Next', 10_000, 14_000, 0).startAt).toBe(14_000);
  });
});

describe('renderLeadMs', () => {
  it('reads SIM_RENDER_LEAD_MS, 0 included', () => {
    expect(renderLeadMs({ SIM_RENDER_LEAD_MS: '0' })).toBe(0);
    expect(renderLeadMs({ SIM_RENDER_LEAD_MS: ' 400 ' })).toBe(400);
  });

  it('keeps the default when unset or not a whole number of milliseconds in range', () => {
    for (const value of [undefined, '', '-5', '1.5', 'fast', '10001']) {
      expect(renderLeadMs(value === undefined ? {} : { SIM_RENDER_LEAD_MS: value })).toBe(START_LEAD_MS);
    }
  });
});
