import { ModelFault } from './model-fault';

/** What a streamed chat completion says, piece by piece. */
export type ChatPiece =
  | { type: 'text'; text: string }
  | { type: 'finish'; reason: string }
  | { type: 'usage'; completionTokens: number };

/**
 * Reads an OpenAI-format streamed completion: Server-Sent Events whose `data` is a
 * `chat.completion.chunk` (`choices[0].delta.content`, `finish_reason`, optionally `usage`), ended
 * by `data: [DONE]`. Comments (`: keep-alive`, which some gateways send while the model thinks)
 * are skipped but do not count as life: only a chunk does. Each wait is bounded by `gapMs` from
 * the last chunk, the first one from `startedAt` (so the request's own wait counts too).
 * Anything that is not such a stream is `garbage`; a stream that stops with neither a
 * `finish_reason` nor `[DONE]` is `ended`.
 */
export async function* readChatStream(
  body: ReadableStream<Uint8Array>,
  gapMs: number,
  startedAt: number,
  signal?: AbortSignal,
): AsyncGenerator<ChatPiece> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let deadline = startedAt + gapMs;
  let pending = '';
  let data: string[] = [];
  let finished = false;
  try {
    for (;;) {
      const chunk = await readBefore(reader, deadline, signal);
      if (chunk === undefined) break;
      pending += decoder.decode(chunk, { stream: true });
      let newline = pending.search(/\r?\n/);
      while (newline >= 0) {
        const line = pending.slice(0, newline);
        pending = pending.slice(newline + (pending[newline] === '\r' ? 2 : 1));
        newline = pending.search(/\r?\n/);
        if (line === '') {
          if (data.length === 0) continue;
          const payload = data.join('\n');
          data = [];
          if (payload.trim() === '[DONE]') return;
          deadline = Date.now() + gapMs;
          for (const piece of parseChunk(payload)) {
            if (piece.type === 'finish') finished = true;
            yield piece;
          }
        } else if (line.startsWith('data:')) {
          data.push(line.slice(line[5] === ' ' ? 6 : 5));
        } else if (!/^(?::|event:|id:|retry:)/.test(line)) {
          throw new ModelFault('garbage');
        }
      }
    }
    // The body may end without the blank line that closes its last event.
    if (pending.startsWith('data:')) data.push(pending.slice(pending[5] === ' ' ? 6 : 5));
    else if (pending.trim() && !/^(?::|event:|id:|retry:)/.test(pending)) throw new ModelFault('garbage');
    if (data.length > 0) {
      const payload = data.join('\n');
      if (payload.trim() === '[DONE]') return;
      for (const piece of parseChunk(payload)) {
        if (piece.type === 'finish') finished = true;
        yield piece;
      }
    }
    if (!finished) throw new ModelFault('ended');
  } finally {
    reader.cancel().catch(() => undefined);
  }
}

/** The next chunk of the body, undefined at its end; a `timeout` fault past `deadline`; the reason once `signal` aborts. */
async function readBefore(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  deadline: number,
  signal: AbortSignal | undefined,
): Promise<Uint8Array | undefined> {
  signal?.throwIfAborted();
  const left = deadline - Date.now();
  if (left <= 0) throw new ModelFault('timeout');
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onAbort: (() => void) | undefined;
  const stop = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ModelFault('timeout')), left);
    onAbort = () => reject(signal!.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  try {
    const { done, value } = await Promise.race([reader.read(), stop]);
    return done ? undefined : value;
  } catch (err) {
    if (signal?.aborted) throw signal.reason;
    if (err instanceof ModelFault) throw err;
    throw new ModelFault('network');
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    if (onAbort) signal?.removeEventListener('abort', onAbort);
  }
}

function parseChunk(payload: string): ChatPiece[] {
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    throw new ModelFault('garbage');
  }
  if (!isRecord(value)) throw new ModelFault('garbage');
  // Some servers report a failure inside the stream, after a 200.
  if ('error' in value) throw new ModelFault('refused');
  const pieces: ChatPiece[] = [];
  const { choices, usage } = value;
  if (choices !== undefined && !Array.isArray(choices)) throw new ModelFault('garbage');
  const choice = Array.isArray(choices) ? choices[0] : undefined;
  if (choice !== undefined) {
    if (!isRecord(choice)) throw new ModelFault('garbage');
    const delta = choice.delta;
    if (delta !== undefined && delta !== null && !isRecord(delta)) throw new ModelFault('garbage');
    const content = delta?.content;
    if (typeof content === 'string' && content) pieces.push({ type: 'text', text: content });
    else if (content !== undefined && content !== null && typeof content !== 'string') throw new ModelFault('garbage');
    if (typeof choice.finish_reason === 'string') pieces.push({ type: 'finish', reason: choice.finish_reason });
  }
  if (isRecord(usage) && typeof usage.completion_tokens === 'number') {
    pieces.push({ type: 'usage', completionTokens: usage.completion_tokens });
  }
  // A chunk with an empty `choices` (Azure's content-filter notes, OpenAI's usage) is valid.
  if (!Array.isArray(choices) && !isRecord(usage)) throw new ModelFault('garbage');
  return pieces;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
