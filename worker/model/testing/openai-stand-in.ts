/**
 * A tiny OpenAI-compatible chat-completions server for tests, written from OpenAI's documented
 * streaming format alone (not from our simulator's stand-in): `POST {base}/chat/completions`
 * answers `text/event-stream` of `data: {"object":"chat.completion.chunk","choices":[{"index":0,
 * "delta":{"content":"…"},"finish_reason":null}]}` events and `data: [DONE]`. It replaces fetch()
 * for its host only, records every request, and notes when the caller aborted one, so a test can
 * make a model fail, stall or talk nonsense, and see what the broker sent and cancelled.
 */
import { vi, type MockInstance } from 'vitest';

export const MODEL_BASE = 'https://llm.test/v1';

/** What one completion does: its steps in order. */
export type Step =
  | { content: string }
  | { wait: number }
  /** Waits until the test calls `release()`, or the caller aborts. */
  | { hold: true }
  | { raw: string }
  | { finish: 'stop' | 'length' };

export interface Script {
  status?: number;
  /** A body for a non-200 reply, or instead of the stream. */
  body?: string;
  steps?: Step[];
  /** Leave out `data: [DONE]` at the end. */
  noDone?: boolean;
}

export interface SeenRequest {
  url: string;
  headers: Headers;
  body: { model?: string; messages: { role: string; content: string }[]; stream?: boolean; max_tokens?: number };
  aborted: boolean;
  /** Content chunks the stand-in managed to send before it stopped. */
  sent: number;
}

export interface ModelStandIn {
  requests: SeenRequest[];
  /** The script of the next completions, one per request; the last one repeats. */
  script(...scripts: Script[]): void;
  release(): void;
  stop(): void;
}

/** Splits text into OpenAI-like content steps: words with their leading space, a sentence's stop apart. */
export function words(text: string): Step[] {
  return (text.match(/\s*[.!?]+(?=\s|$)|\s*[^\s.!?]+(?:[.!?](?!\s|$)[^\s.!?]*)*/g) ?? []).map((content) => ({ content }));
}

export function installModelStandIn(): ModelStandIn {
  const requests: SeenRequest[] = [];
  let scripts: Script[] = [{ steps: words('Hello there.') }];
  let holders: (() => void)[] = [];
  const realFetch = globalThis.fetch;
  const spy: MockInstance<typeof fetch> = vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const request = new Request(input, init);
    if (!request.url.startsWith(`${MODEL_BASE}/`)) return realFetch(request);
    const seen: SeenRequest = {
      url: request.url,
      headers: request.headers,
      body: (await request.json()) as SeenRequest['body'],
      aborted: false,
      sent: 0,
    };
    requests.push(seen);
    const signal = request.signal;
    signal.addEventListener('abort', () => (seen.aborted = true), { once: true });
    const script = scripts.length > 1 ? scripts.shift()! : scripts[0]!;
    if (request.url !== `${MODEL_BASE}/chat/completions`) return new Response('{"error":{"message":"not found"}}', { status: 404 });
    if (script.status && script.status !== 200) return new Response(script.body ?? '{"error":{"message":"failed"}}', { status: script.status });
    if (script.body !== undefined) return new Response(script.body, { headers: { 'Content-Type': 'text/event-stream' } });

    const encoder = new TextEncoder();
    const chunk = (delta: Record<string, string>, finish: string | null) =>
      `data: ${JSON.stringify({ id: 'chatcmpl-test', object: 'chat.completion.chunk', created: 0, model: seen.body.model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
    const stream = new ReadableStream<Uint8Array>({
      async start(controller) {
        const until = (ms: number | undefined) =>
          new Promise<void>((resolve) => {
            const done = () => resolve();
            if (ms !== undefined) setTimeout(done, ms);
            else holders.push(done);
            signal.addEventListener('abort', done, { once: true });
          });
        try {
          for (const step of script.steps ?? []) {
            if (signal.aborted) break;
            if ('wait' in step) await until(step.wait);
            else if ('hold' in step) await until(undefined);
            else if ('raw' in step) controller.enqueue(encoder.encode(step.raw));
            else if ('finish' in step) controller.enqueue(encoder.encode(chunk({}, step.finish)));
            else {
              controller.enqueue(encoder.encode(chunk({ content: step.content }, null)));
              seen.sent++;
            }
          }
          if (signal.aborted) return controller.error(signal.reason);
          if (!script.noDone) controller.enqueue(encoder.encode('data: [DONE]\n\n'));
          controller.close();
        } catch {
          // the reader went away
        }
      },
    });
    return new Response(stream, { headers: { 'Content-Type': 'text/event-stream' } });
  });
  return {
    requests,
    script: (...next) => {
      scripts = next;
    },
    release: () => {
      const waiting = holders;
      holders = [];
      for (const wake of waiting) wake();
    },
    stop: () => spy.mockRestore(),
  };
}

/** The events of a `text/event-stream` reply, in order. */
export async function readSse(res: Response): Promise<{ event: string; data: unknown }[]> {
  const text = await res.text();
  return text
    .split('\n\n')
    .filter((block) => block.trim())
    .map((block) => {
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
      const data = block
        .split('\n')
        .filter((line) => line.startsWith('data: '))
        .map((line) => line.slice(6))
        .join('\n');
      return { event, data: JSON.parse(data) as unknown };
    });
}
