import { A2EError, A2ETaskFailedError } from './a2e-error';
import { recordIn, type TaskReader } from './task-readers';

export interface WaitForOptions<T = TaskRecord> {
  /** Called with every record read while waiting, including the last. */
  onProgress?: (record: T) => void;
  signal?: AbortSignal;
  /** First wait between polls, in ms (default 2000). */
  intervalMs?: number;
  /** Longest wait between polls, in ms (default 15000); waits grow by half each poll. */
  maxIntervalMs?: number;
}

/** A task record as A2E sends it: its `_id`, its state field and whatever else the family carries. */
export type TaskRecord = { _id: string } & Record<string, unknown>;

/** What a start call answers: the record, an array of them (text to image), or just the id. */
export type TaskStart = string | { _id: string } | readonly { _id: string }[] | unknown;

export function taskId(started: unknown): string {
  if (typeof started === 'string' && started) return started;
  const first = Array.isArray(started) ? started[0] : started;
  const id = first && typeof first === 'object' ? (first as Record<string, unknown>)._id : undefined;
  if (typeof id === 'string' && id) return id;
  throw new A2EError('bad_request', 'waitFor needs the task id, or the reply of the call that started it.', 0);
}

/**
 * Polls a family's reader with backoff until the task reaches its done value (returns the
 * record) or its failed value (throws A2ETaskFailedError). The state field and both values come
 * from the family's convention (`current_status` ... `completed`, avatar videos' `status` ...
 * `success`, ...); any other value, or a record not yet in the list, means: keep waiting.
 */
export async function pollTask(
  start: TaskStart | Promise<TaskStart>,
  reader: TaskReader,
  read: (input: Record<string, unknown>, signal?: AbortSignal) => Promise<unknown>,
  options: WaitForOptions = {},
): Promise<TaskRecord> {
  const { onProgress, signal } = options;
  const id = taskId(await start);
  const { statusField, done, failed, failedCodeField, failedMessageField } = reader.convention;
  let interval = options.intervalMs ?? 2000;
  const maxInterval = Math.max(interval, options.maxIntervalMs ?? 15_000);
  for (;;) {
    signal?.throwIfAborted();
    const record = recordIn(await read(reader.input(id), signal), id, reader.kind) as TaskRecord | undefined;
    if (record) {
      onProgress?.(record);
      const state = record[statusField];
      if (state === done) return record;
      if (state === failed) {
        const code = record[failedCodeField] ?? record.failed_code;
        const message = record[failedMessageField] ?? record.failed_message;
        throw new A2ETaskFailedError(
          id,
          typeof code === 'number' || typeof code === 'string' ? code : 'task_failed',
          typeof message === 'string' && message ? message : 'The task failed.',
          record,
        );
      }
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
