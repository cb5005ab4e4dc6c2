import { A2EError, A2ETaskFailedError } from './a2e-error';

export interface WaitForOptions<T> {
  /** Called with every record read while waiting, including the last. */
  onProgress?: (record: T) => void;
  signal?: AbortSignal;
  /** First wait between polls, in ms (default 2000). */
  intervalMs?: number;
  /** Longest wait between polls, in ms (default 15000); waits grow by half each poll. */
  maxIntervalMs?: number;
}

export interface TaskLike {
  _id: string;
  current_status?: string;
  status?: string;
  failed_code?: number;
  failed_message?: string;
}

/**
 * Polls `read(id)` with backoff until the task is completed (returns the record) or failed
 * (throws A2ETaskFailedError). A2E names the state `current_status` or `status`.
 */
export async function pollTask<T extends TaskLike>(
  start: string | { _id: string } | Promise<{ _id: string }>,
  read: (id: string, signal?: AbortSignal) => Promise<T>,
  options: WaitForOptions<T> = {},
): Promise<T> {
  const { onProgress, signal } = options;
  const started = await start;
  const id = typeof started === 'string' ? started : started._id;
  let interval = options.intervalMs ?? 2000;
  const maxInterval = Math.max(interval, options.maxIntervalMs ?? 15_000);
  for (;;) {
    signal?.throwIfAborted();
    const record = await read(id, signal);
    onProgress?.(record);
    const state = record.current_status ?? record.status;
    if (state === 'completed') return record;
    if (state === 'failed') {
      throw new A2ETaskFailedError(id, record.failed_code ?? 'task_failed', record.failed_message ?? 'The task failed.', record);
    }
    await sleep(interval, signal);
    interval = Math.min(maxInterval, Math.round(interval * 1.5));
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason ?? new A2EError('aborted', 'Aborted.', 0));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
