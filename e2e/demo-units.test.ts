import { describe, expect, it } from 'vitest';
import { CallStats, formatClock, formatMs } from '../demo/lib/call-stats';
import { embedSnippet } from '../demo/lib/embed-snippet';

/** The demo page's pure helpers, in Node: what a developer copies and what the readouts say. */
describe('embedSnippet', () => {
  it('gives the module script and element for an inline avatar, on the server origin', () => {
    expect(embedSnippet({ kind: 'element', server: 'https://avatars.example.com/some/path', avatarId: 'a1' })).toBe(
      '<script type="module" src="https://avatars.example.com/a2e-avatar.js"></script>\n' +
        '<a2e-avatar server="https://avatars.example.com" avatar-id="a1"></a2e-avatar>',
    );
  });

  it('gives the classic launcher script for the support widget', () => {
    expect(embedSnippet({ kind: 'support', server: 'http://localhost:8787', avatarId: 'a1' })).toBe(
      '<script src="http://localhost:8787/a2e-support.js" defer></script>\n' +
        '<a2e-support server="http://localhost:8787" avatar-id="a1"></a2e-support>',
    );
  });

  it('escapes what would break out of an attribute, and carries the context only when asked', () => {
    const snippet = embedSnippet({ kind: 'element', server: 'http://x.test', avatarId: 'a"><script>', context: ' Fish & "chips" <b> ' });
    expect(snippet).toContain('avatar-id="a&quot;&gt;&lt;script&gt;"');
    expect(snippet).toContain('context="Fish &amp; &quot;chips&quot; &lt;b&gt;"');
    expect(embedSnippet({ kind: 'element', server: 'http://x.test', avatarId: 'a', context: '   ' })).not.toContain('context=');
  });
});

describe('CallStats', () => {
  it('times each call, failed ones too, newest first', async () => {
    const stats = new CallStats();
    await stats.time('ask', async () => 'ok');
    await expect(stats.time('speak', () => Promise.reject(new Error('no')))).rejects.toThrow('no');
    expect(stats.recent(5).map(({ method, ok }) => ({ method, ok }))).toEqual([
      { method: 'speak', ok: false },
      { method: 'ask', ok: true },
    ]);
    expect(stats.last?.method).toBe('speak');
  });

  it('quotes the median of successful calls, leaving connects out', () => {
    const stats = new CallStats();
    for (const [method, ms, ok] of [['ask', 100, true], ['ask', 300, true], ['speak', 200, true], ['ask', 9000, false], ['connect', 5000, true]] as const) {
      stats.record(method, ms, ok);
    }
    expect(stats.median).toBe(200);
    stats.record('speak', 400, true);
    expect(stats.median).toBe(250);
    expect(new CallStats().median).toBeUndefined();
  });

  it('formats durations and the countdown', () => {
    expect(formatMs(undefined)).toBe('—');
    expect(formatMs(212.4)).toBe('212 ms');
    expect(formatMs(1840)).toBe('1.84 s');
    expect(formatClock(593.7)).toBe('9:53');
    expect(formatClock(-3)).toBe('0:00');
  });
});
