import { TransportError } from './transport';

/**
 * Waits for a join under a time bound and the caller's abort signal. A real RTC SDK with no
 * network retries silently for minutes; the visitor should instead get a clear error they can
 * act on. The caller cleans up whatever the attempt left behind when this rejects.
 */
export function withinJoinBound<T>(attempt: Promise<T>, timeoutMs: number, signal?: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => finish(() => reject(signal?.reason ?? new DOMException('The join was aborted.', 'AbortError')));
    const timer = setTimeout(
      () => finish(() => reject(new TransportError('join_timeout', joinTimeoutMessage(timeoutMs)))),
      timeoutMs,
    );
    let settled = false;
    function finish(settle: () => void): void {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      settle();
    }
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort);
    attempt.then(
      (value) => finish(() => resolve(value)),
      (error: unknown) => finish(() => reject(error)),
    );
  });
}

export function joinTimeoutMessage(timeoutMs: number): string {
  const seconds = Math.round(timeoutMs / 100) / 10;
  return `Could not reach the avatar's room within ${seconds} s. Check the network connection and try again.`;
}
