import { describe, expect, it } from 'vitest';
import { readChatStream, type ChatPiece } from './chat-stream';
import { ModelFault } from './model-fault';

function body(...parts: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const part of parts) controller.enqueue(encoder.encode(part));
      controller.close();
    },
  });
}

const chunk = (delta: unknown, finish: string | null = null) => `data: ${JSON.stringify({ choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;

async function read(stream: ReadableStream<Uint8Array>, gapMs = 1_000): Promise<ChatPiece[]> {
  const out: ChatPiece[] = [];
  for await (const piece of readChatStream(stream, gapMs, Date.now())) out.push(piece);
  return out;
}

async function fault(stream: ReadableStream<Uint8Array>, gapMs?: number): Promise<string> {
  try {
    await read(stream, gapMs);
  } catch (err) {
    if (err instanceof ModelFault) return err.kind;
    throw err;
  }
  return 'none';
}

describe('readChatStream', () => {
  it('reads content, finish and usage across split chunks, CRLF lines and comments', async () => {
    const text = `: keep-alive\n\n${chunk({ role: 'assistant', content: '' })}${chunk({ content: 'Hel' })}${chunk({ content: 'lo.' })}${chunk({}, 'stop')}data: {"choices":[],"usage":{"completion_tokens":2}}\n\ndata: [DONE]\n\n`;
    const halves = [text.slice(0, 37), text.slice(37, 90), text.slice(90)].map((part) => part.replace(/\n/g, '\r\n'));
    expect(await read(body(...halves))).toEqual([
      { type: 'text', text: 'Hel' },
      { type: 'text', text: 'lo.' },
      { type: 'finish', reason: 'stop' },
      { type: 'usage', completionTokens: 2 },
    ]);
  });

  it('accepts a last event without its blank line, or a stream that finishes without [DONE]', async () => {
    expect(await read(body(chunk({ content: 'Hi.' }), 'data: [DONE]'))).toEqual([{ type: 'text', text: 'Hi.' }]);
    expect(await read(body(chunk({ content: 'Hi.' }), chunk({}, 'stop')))).toHaveLength(2);
  });

  it('calls anything else garbage, an unfinished stream ended, an error event refused', async () => {
    expect(await fault(body('<html>Bad Gateway</html>\n'))).toBe('garbage');
    expect(await fault(body('data: {"choices":[{"delta":{"content":42}}]}\n\n'))).toBe('garbage');
    expect(await fault(body('data: [1,2]\n\n'))).toBe('garbage');
    expect(await fault(body(chunk({ content: 'Hi' })))).toBe('ended');
    expect(await fault(body('data: {"error":{"message":"quota"}}\n\n'))).toBe('refused');
  });

  it('times out when the next chunk does not come within the gap (comments do not count)', async () => {
    const encoder = new TextEncoder();
    let timer: ReturnType<typeof setInterval> | undefined;
    const stalled = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode(chunk({ content: 'Hi' })));
        timer = setInterval(() => controller.enqueue(encoder.encode(': still thinking\n\n')), 20);
      },
      cancel: () => {
        if (timer !== undefined) clearInterval(timer);
      },
    });
    expect(await fault(stalled, 150)).toBe('timeout');
  });
});
