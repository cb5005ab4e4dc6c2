import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreateSessionReply, HealthReply } from '../protocol/broker-api';
import { startOpenAiStandIn, type OpenAiStandIn } from './openai-stand-in';
import { startWorker, type RunningWorker } from './worker-server';
import { firstAvatarId } from './load/visitor';

/**
 * Bring your own model, the way a user runs it: `wrangler dev --var LLM_BASE_URL:…` pointing at an
 * OpenAI-compatible model over real HTTP (a stand-in on loopback), the A2E side on the simulator.
 */
const ORIGIN = 'http://shop.localhost';
const LLM_KEY = 'sk-e2e-llm-key-0123456789';
const ANSWER = 'We open at nine. Returns are free within thirty days. Anything else?';

describe('model mode under wrangler dev', () => {
  let model: OpenAiStandIn;
  let worker: RunningWorker;

  beforeAll(async () => {
    // Slow enough that an interrupt lands mid-answer (three sentences over about a second).
    model = await startOpenAiStandIn({ firstTokenMs: 100, tokensPerSecond: 15, answer: ANSWER });
    worker = await startWorker({
      ALLOWED_ORIGINS: ORIGIN,
      SESSION_SECRET: 'model-e2e-secret',
      LLM_BASE_URL: model.url,
      LLM_API_KEY: LLM_KEY,
      LLM_MODEL: 'stand-in',
    });
  });
  afterAll(async () => {
    await worker?.stop();
    await model?.close();
  });

  async function session(): Promise<CreateSessionReply> {
    const avatarId = await firstAvatarId({ url: worker.url, origin: ORIGIN });
    const res = await fetch(`${worker.url}/v1/sessions`, {
      method: 'POST',
      headers: { origin: ORIGIN, 'content-type': 'application/json' },
      body: JSON.stringify({ avatarId, context: 'Acme opens at nine.' }),
    });
    expect(res.status).toBe(201);
    return (await res.json()) as CreateSessionReply;
  }

  const post = (s: CreateSessionReply, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(`${worker.url}/v1/sessions/${s.sessionId}/${path}`, {
      method: 'POST',
      headers: { origin: ORIGIN, authorization: `Bearer ${s.ticket}`, ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  const speaks = async () => ((await (await fetch(`${worker.url}/sim/stats`)).json()) as { calls: Record<string, number> }).calls['/api/v1/streaming-avatar/speak'] ?? 0;

  it('says the model is the brain', async () => {
    expect((await (await fetch(`${worker.url}/health`)).json()) as HealthReply).toEqual({ ok: true, mode: 'simulator', brain: 'model', stt: false });
  });

  it('streams the answer as delta and done events, one speak per sentence, the key sent only to the model', async () => {
    const s = await session();
    const before = await speaks();
    const res = await post(s, 'ask', { question: 'When do you open?' }, { accept: 'text/event-stream' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    const text = await res.text();
    expect(text).toBe(
      [
        'event: delta\ndata: {"text":"We open at nine."}',
        'event: delta\ndata: {"text":" Returns are free within thirty days."}',
        'event: delta\ndata: {"text":" Anything else?"}',
        `event: done\ndata: {"text":"${ANSWER}","interrupted":false}`,
        '',
      ].join('\n\n'),
    );
    expect((await speaks()) - before).toBe(3);
    expect(model.completions.at(-1)!.authorization).toBe(`Bearer ${LLM_KEY}`);
    expect(text).not.toContain(LLM_KEY);
  });

  it('interrupt stops the model over the network: it hangs up, and no further sentence is spoken', async () => {
    const s = await session();
    const before = await speaks();
    const answer = post(s, 'ask', { question: 'When do you open?' }, { accept: 'text/event-stream' });
    const res = await answer;
    const reader = res.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first).toContain('event: delta');
    const stopped = await post(s, 'interrupt');
    expect(await stopped.json()).toEqual({ ok: true, interrupted: true });
    let rest = '';
    for (let next = await reader.read(); !next.done; next = await reader.read()) rest += new TextDecoder().decode(next.value);
    expect(rest).toContain('event: done\ndata: {"text":"We open at nine.","interrupted":true}');
    await expect.poll(() => model.completions.at(-1)!.hungUp).toBe(true);
    expect((await speaks()) - before).toBe(1);
  });
});
