import { afterEach, describe, expect, it, vi } from 'vitest';
import { env } from './testing/broker-test-kit';

/** A ledger of its own (not the Worker's global one), so counts here are exact. */
const freshLedger = () => env.SESSION_LEDGER.get(env.SESSION_LEDGER.idFromName(`test-${crypto.randomUUID()}`));

afterEach(() => vi.useRealTimers());

describe('SessionLedger', () => {
  it('grants slots up to the limit, then refuses with a Retry-After hint', async () => {
    const ledger = freshLedger();
    const now = Date.now();
    expect(await ledger.acquire('a', now + 300_000, 2, 120)).toEqual({ ok: true });
    expect(await ledger.acquire('b', now + 600_000, 2, 120)).toEqual({ ok: true });
    const refused = await ledger.acquire('c', now + 600_000, 2, 120);
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    // No sooner than a second, no later than one idle period (an idle session ends by then).
    expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(refused.retryAfterSeconds).toBeLessThanOrEqual(120);
    expect(await ledger.openCount()).toBe(2);
  });

  it('hints the first expiry when it comes before an idle period', async () => {
    const ledger = freshLedger();
    await ledger.acquire('a', Date.now() + 30_000, 1, 120);
    const refused = await ledger.acquire('b', Date.now() + 600_000, 1, 120);
    expect(refused).toEqual({ ok: false, retryAfterSeconds: 30 });
  });

  it('frees a slot on release', async () => {
    const ledger = freshLedger();
    await ledger.acquire('a', Date.now() + 600_000, 1, 120);
    expect((await ledger.acquire('b', Date.now() + 600_000, 1, 120)).ok).toBe(false);
    await ledger.release('a');
    expect(await ledger.holds('a')).toBe(false);
    expect((await ledger.acquire('b', Date.now() + 600_000, 1, 120)).ok).toBe(true);
  });

  it('drops slots past their session’s expiry, so a lost release cannot block for ever', async () => {
    const ledger = freshLedger();
    const start = Date.now();
    await ledger.acquire('a', start + 60_000, 1, 120);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(start + 61_000);
    expect(await ledger.acquire('b', start + 600_000, 1, 120)).toEqual({ ok: true });
    expect(await ledger.holds('a')).toBe(false);
  });
});
