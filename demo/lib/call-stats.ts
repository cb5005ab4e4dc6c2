/** Round-trip times of the element's calls (ask, speak, interrupt), as the page measured them. */
export interface CallTiming {
  method: string;
  ms: number;
  ok: boolean;
}

export class CallStats {
  readonly #calls: CallTiming[] = [];

  /** Runs one call and records how long the page waited for it, failed or not. */
  async time<T>(method: string, call: () => Promise<T>): Promise<T> {
    const start = performance.now();
    let ok = false;
    try {
      const result = await call();
      ok = true;
      return result;
    } finally {
      this.#calls.push({ method, ms: performance.now() - start, ok });
    }
  }

  /** Records a call the page did not make itself but saw start and finish (e.g. through state events). */
  record(method: string, ms: number, ok: boolean): void {
    this.#calls.push({ method, ms, ok });
  }

  get last(): CallTiming | undefined {
    return this.#calls.at(-1);
  }

  /** The newest calls first. */
  recent(count: number): CallTiming[] {
    return this.#calls.slice(-count).reverse();
  }

  /**
   * Median of the successful calls made during a session (connects, which mint a session and join
   * a room, are another kind of wait): the number to quote, which one slow call does not move.
   */
  get median(): number | undefined {
    const sorted = this.#calls
      .filter((call) => call.ok && call.method !== 'connect')
      .map((call) => call.ms)
      .sort((a, b) => a - b);
    if (sorted.length === 0) return undefined;
    const middle = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[middle] : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
  }
}

export function formatMs(ms: number | undefined): string {
  if (ms === undefined) return '—';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

export function formatClock(seconds: number): string {
  const whole = Math.max(0, Math.floor(seconds));
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}
