import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { readChatStream, type ChatPiece } from '../../model/chat-stream';
import { buildMessages } from '../../model/prompt';

/** The stand-in model over HTTP, as any OpenAI client (and the broker's own reader) sees it. */
const BASE = 'https://broker.test/sim/llm/v1';
const CONTEXT = 'Acme Shoes opens at nine. Returns are free within 30 days. Shipping takes two days.';

function complete(body: Record<string, unknown>, init: RequestInit = {}): Promise<Response> {
  return SELF.fetch(`${BASE}/chat/completions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ model: 'any', messages: buildMessages(CONTEXT, [], 'How long does shipping take?'), ...body }),
    ...init,
  });
}

async function pieces(res: Response): Promise<ChatPiece[]> {
  const out: ChatPiece[] = [];
  for await (const piece of readChatStream(res.body!, 5_000, Date.now())) out.push(piece);
  return out;
}

describe('the stand-in model (/sim/llm/v1)', () => {
  it('streams an answer from the system prompt’s context as OpenAI chat.completion.chunk events', async () => {
    const res = await complete({ stream: true });
    expect(res.headers.get('Content-Type')).toMatch(/^text\/event-stream/);
    const raw = await res.clone().text();
    expect(raw.trimEnd().endsWith('data: [DONE]')).toBe(true);
    const first = JSON.parse(/^data: (.*)$/m.exec(raw)![1]!) as Record<string, unknown>;
    expect(first).toMatchObject({ object: 'chat.completion.chunk', model: 'any', choices: [{ index: 0, delta: { role: 'assistant' } }] });
    const got = await pieces(res);
    const text = got.flatMap((p) => (p.type === 'text' ? [p.text] : [])).join('');
    expect(text).toBe('Shipping takes two days.');
    expect(got.filter((p) => p.type === 'text').length).toBeGreaterThan(3);
    expect(got.at(-1)).toEqual({ type: 'finish', reason: 'stop' });
  });

  it('stops at max_tokens with finish_reason length', async () => {
    const got = await pieces(await complete({ stream: true, max_tokens: 2 }));
    expect(got.filter((p) => p.type === 'text')).toHaveLength(2);
    expect(got.at(-1)).toEqual({ type: 'finish', reason: 'length' });
  });

  it('answers whole without stream, and refuses a malformed request in OpenAI’s error shape', async () => {
    const whole = (await (await complete({})).json()) as { object: string; choices: { message: { content: string } }[] };
    expect(whole.object).toBe('chat.completion');
    expect(whole.choices[0]!.message.content).toBe('Shipping takes two days.');
    const bad = await complete({ messages: 'hello' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { type: string } }).error.type).toBe('invalid_request_error');
  });
});
