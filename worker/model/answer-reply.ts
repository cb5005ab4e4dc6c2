import type { Context } from 'hono';
import type { ErrorBody, UtteranceReply } from '../../protocol/broker-api';
import { ApiError } from '../errors';
import { readEvents, type AnswerErrorEvent, type AnswerEvent } from './answer-events';

const noStore = { 'Cache-Control': 'no-store' } as const;

/**
 * The reply to a model's ask, from its events (answer-events.ts), as DESIGN.md states it. A
 * failure before the first delta is the usual JSON error, whatever was asked for. Then, with
 * `Accept: text/event-stream`: `event: delta` per piece, and `event: done` (or `event: error`
 * with the error shape), as they happen; otherwise one `200 { ok: true, text }` once done.
 */
export async function answerReply(c: Context, events: ReadableStream<Uint8Array>): Promise<Response> {
  const iterator = readEvents(events);
  const first = await nextEvent(iterator);
  if (first.type === 'error') throw apiError(first);
  if (!/text\/event-stream/i.test(c.req.header('Accept') ?? '')) {
    let event: AnswerEvent = first;
    while (event.type === 'delta') event = await nextEvent(iterator);
    if (event.type === 'error') throw apiError(event);
    return c.json<UtteranceReply>({ ok: true, text: event.text }, 200, noStore);
  }
  const requestId = (c.get('requestId') as string | undefined) ?? crypto.randomUUID();
  const encoder = new TextEncoder();
  let pending: AnswerEvent | undefined = first;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      let event: AnswerEvent | undefined = pending;
      pending = undefined;
      try {
        event ??= (await iterator.next()).value ?? undefined;
      } catch {
        // The session's object went away mid-answer (a restart): say so rather than just stop.
        event = { type: 'error', status: 502, code: 'upstream_error', message: 'The answer broke off.' };
      }
      if (!event) return controller.close();
      controller.enqueue(encoder.encode(sse(event, requestId)));
      if (event.type !== 'delta') controller.close();
    },
    // The visitor went away: the answer goes on (the avatar is saying it), unread.
    async cancel() {
      await iterator.return(undefined);
    },
  });
  return c.body(body, 200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store' });
}

async function nextEvent(iterator: AsyncGenerator<AnswerEvent>): Promise<AnswerEvent> {
  const next = await iterator.next();
  if (next.done) throw new ApiError(502, 'upstream_error', 'The answer ended before it was complete.');
  return next.value;
}

function sse(event: AnswerEvent, requestId: string): string {
  if (event.type === 'delta') return `event: delta\ndata: ${JSON.stringify({ text: event.text })}\n\n`;
  if (event.type === 'done') return `event: done\ndata: ${JSON.stringify({ text: event.text, interrupted: event.interrupted })}\n\n`;
  const error: ErrorBody = { error: { code: event.code, message: event.message, requestId } };
  return `event: error\ndata: ${JSON.stringify(error)}\n\n`;
}

function apiError(event: AnswerErrorEvent): ApiError {
  const headers: Record<string, string> = event.retryAfter ? { 'Retry-After': String(event.retryAfter) } : {};
  return new ApiError(event.status, event.code, event.message, headers);
}
