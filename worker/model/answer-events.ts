import type { ErrorCode } from '../../protocol/broker-api';

/**
 * What an answer in progress reports, from the session's Durable Object (where the completion
 * runs) to the route that asked: one JSON object per line. The route turns them into the reply:
 * Server-Sent Events, or one JSON body when the answer is done.
 *
 * `delta` is a sentence the avatar was given to say (with the space that joins it to the last
 * one), so the deltas of an answer add up to its `done` text: a caption never shows what the
 * avatar did not say, even when the answer is interrupted or fails halfway.
 */
export type AnswerEvent =
  | { type: 'delta'; text: string }
  | { type: 'done'; text: string; interrupted: boolean }
  | { type: 'error'; status: 429 | 502 | 503 | 504; code: ErrorCode; message: string; retryAfter?: number };

export type AnswerErrorEvent = Extract<AnswerEvent, { type: 'error' }>;

const encoder = new TextEncoder();

export function encodeEvent(event: AnswerEvent): Uint8Array {
  return encoder.encode(`${JSON.stringify(event)}\n`);
}

/** The events of a stream written with encodeEvent, in order. */
export async function* readEvents(stream: ReadableStream<Uint8Array>): AsyncGenerator<AnswerEvent> {
  const decoder = new TextDecoder();
  let pending = '';
  for await (const chunk of stream) {
    pending += decoder.decode(chunk, { stream: true });
    let newline = pending.indexOf('\n');
    while (newline >= 0) {
      const line = pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      if (line.trim()) yield JSON.parse(line) as AnswerEvent;
      newline = pending.indexOf('\n');
    }
  }
  if (pending.trim()) yield JSON.parse(pending) as AnswerEvent;
}

/**
 * A one-way channel of events: the producer writes, whoever holds `stream` reads. A reader that
 * goes away (the visitor closed the page) does not stop the answer: later writes are dropped.
 */
export class EventChannel {
  readonly stream: ReadableStream<Uint8Array>;
  private controller!: ReadableStreamDefaultController<Uint8Array>;
  private open = true;

  constructor() {
    this.stream = new ReadableStream<Uint8Array>({
      start: (controller) => {
        this.controller = controller;
      },
      cancel: () => {
        this.open = false;
      },
    });
  }

  write(event: AnswerEvent): void {
    if (!this.open) return;
    try {
      this.controller.enqueue(encodeEvent(event));
    } catch {
      this.open = false;
    }
  }

  close(): void {
    if (!this.open) return;
    this.open = false;
    try {
      this.controller.close();
    } catch {
      // already closed by the reader
    }
  }
}

/** A stream holding one event (a refusal before any answer began). */
export function singleEvent(event: AnswerEvent): ReadableStream<Uint8Array> {
  const channel = new EventChannel();
  channel.write(event);
  channel.close();
  return channel.stream;
}
