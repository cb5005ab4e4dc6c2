import { describe, expect, it } from 'vitest';
import { UtteranceLimiter, UTTERANCE_WINDOW_SECONDS, UTTERANCES_PER_WINDOW } from './utterance-limit';

describe('UtteranceLimiter', () => {
  it('allows the window’s allowance per address, then refuses until the oldest leaves the window', () => {
    const limiter = new UtteranceLimiter();
    const start = 1_000_000;
    for (let i = 0; i < UTTERANCES_PER_WINDOW; i++) expect(limiter.allow('a', start + i)).toBe(true);
    expect(limiter.allow('a', start + 100)).toBe(false);
    expect(limiter.allow('b', start + 100)).toBe(true);
    // A refusal is not counted: the window reopens as soon as the first utterance is 10 s old.
    const reopens = start + UTTERANCE_WINDOW_SECONDS * 1000;
    expect(limiter.allow('a', reopens - 1)).toBe(false);
    expect(limiter.allow('a', reopens)).toBe(true);
    expect(limiter.allow('a', reopens)).toBe(false);
  });
});
