import type { AskStreamEvents, ErrorBody } from '../../protocol/broker-api';
import { A2eError } from './a2e-error';

/**
 * Reads a model's streamed answer (`text/event-stream`, DESIGN.md "Bring your own model"): calls
 * `onDelta` with each new piece as the avatar is given it to say, and resolves with `done`'s data.
 * `event: error` (a failure after the first piece) rejects with the broker's error; a stream cut
 * before `done` rejects with `network`.
 */
export async function readAnswerStream(res: Response, onDelta: (piece: string) => void): Promise<AskStreamEvents['done']> {
  if (!res.body) throw new A2eError('upstream_error', 'The answer stream had no body.', res.status);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let pending = '';
  try {
    for (;;) {
      let next: ReadableStreamReadResult<string>;
      try {
        next = await reader.read();
      } catch (err) {
        throw new A2eError('network', `The answer stream broke off: ${err instanceof Error ? err.message : String(err)}`);
      }
      if (next.done) break;
      pending += next.value.replace(/\r\n?/g, '\n');
      let end = pending.indexOf('\n\n');
      while (end >= 0) {
        const done = handle(pending.slice(0, end), onDelta);
        if (done) return done;
        pending = pending.slice(end + 2);
        end = pending.indexOf('\n\n');
      }
    }
  } finally {
    reader.cancel().catch(() => {});
  }
  throw new A2eError('network', 'The answer stream ended before the answer was done.');
}

function handle(block: string, onDelta: (piece: string) => void): AskStreamEvents['done'] | undefined {
  let event = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith('event:')) event = line.slice(6).trim();
    else if (line.startsWith('data:')) data.push(line.slice(line[5] === ' ' ? 6 : 5));
  }
  if (data.length === 0) return undefined;
  let payload: unknown;
  try {
    payload = JSON.parse(data.join('\n'));
  } catch {
    throw new A2eError('upstream_error', 'The answer stream sent something unreadable.');
  }
  if (event === 'delta') {
    const { text } = payload as AskStreamEvents['delta'];
    if (typeof text === 'string') onDelta(text);
    return undefined;
  }
  if (event === 'done') {
    const done = payload as AskStreamEvents['done'];
    return { text: typeof done.text === 'string' ? done.text : '', interrupted: done.interrupted === true };
  }
  if (event === 'error') {
    const error = (payload as Partial<ErrorBody>).error;
    throw new A2eError(error?.code ?? 'upstream_error', error?.message ?? 'The answer failed.', undefined, error?.requestId);
  }
  return undefined;
}
