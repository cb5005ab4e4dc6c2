import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { Env } from '../../env';
import { STAND_IN_MODEL_PATH } from '../../config';
import { standInAnswer, standInTokens } from './stand-in-answer';

/** Defaults of the stand-in's pace; SIM_LLM_FIRST_TOKEN_MS and SIM_LLM_TOKENS_PER_SECOND change them. */
export const STAND_IN_PACE = { firstTokenMs: 300, tokensPerSecond: 30 } as const;
export const STAND_IN_MODEL = 'a2e-stand-in';

const requestSchema = z.object({
  model: z.string().optional(),
  messages: z.array(z.object({ role: z.enum(['system', 'developer', 'user', 'assistant']), content: z.string() })).min(1),
  stream: z.boolean().optional(),
  max_tokens: z.number().int().positive().optional(),
});

/**
 * An OpenAI-compatible chat-completions API, for simulator mode: `POST /chat/completions`,
 * streamed as OpenAI streams (`chat.completion.chunk` events, then `data: [DONE]`) or whole. It
 * answers from the context in the system prompt, after a time to first token and at a rate of
 * tokens per second, and stops the moment its caller goes away. The broker calls it through the
 * same HTTP client as a real model (worker/model/model-fetch.ts routes it in-process).
 */
export const standInModelRoutes = new Hono<{ Bindings: Env }>().post('/chat/completions', async (c) => {
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    return invalid(c, 'We could not parse the JSON body of your request.');
  }
  const parsed = requestSchema.safeParse(raw);
  if (!parsed.success) return invalid(c, parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  const body = parsed.data;
  const tokens = standInTokens(standInAnswer(body.messages));
  const limit = body.max_tokens ?? Infinity;
  const said = tokens.slice(0, limit);
  const finishReason = tokens.length > limit ? 'length' : 'stop';
  const id = `chatcmpl-${crypto.randomUUID()}`;
  const created = Math.floor(Date.now() / 1000);
  const model = body.model || STAND_IN_MODEL;
  const usage = { prompt_tokens: 0, completion_tokens: said.length, total_tokens: said.length };

  if (!body.stream) {
    return c.json({
      id, object: 'chat.completion', created, model,
      choices: [{ index: 0, message: { role: 'assistant', content: said.join('') }, finish_reason: finishReason }],
      usage,
    });
  }

  const pace = paceOf(c.env);
  const signal = c.req.raw.signal;
  const encoder = new TextEncoder();
  const chunk = (delta: Record<string, string>, finish: string | null) =>
    encoder.encode(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`);
  const started = Date.now();
  let cancelled = false;
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      try {
        for (let i = 0; i < said.length; i++) {
          // On a fixed schedule from the request, so the pace does not drift with the reader.
          await sleepUntil(started + pace.firstTokenMs + (i * 1000) / pace.tokensPerSecond, signal);
          if (cancelled) return;
          if (i === 0) controller.enqueue(chunk({ role: 'assistant', content: '' }, null));
          controller.enqueue(chunk({ content: said[i]! }, null));
        }
        if (cancelled) return;
        controller.enqueue(chunk({}, finishReason));
        controller.enqueue(encoder.encode('data: [DONE]\n\n'));
        controller.close();
      } catch {
        // The caller went away (its signal aborted): stop generating, as a real server does.
        if (!cancelled) controller.error(new Error('aborted'));
      }
    },
    cancel() {
      cancelled = true;
    },
  });
  return c.body(stream, 200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache' });
});

/** The stand-in at its URL path, for in-process calls (worker/model/model-fetch.ts). */
export const standInModelApp = new Hono<{ Bindings: Env }>().route(STAND_IN_MODEL_PATH, standInModelRoutes);

function paceOf(env: Env): { firstTokenMs: number; tokensPerSecond: number } {
  const first = Number(env.SIM_LLM_FIRST_TOKEN_MS);
  const rate = Number(env.SIM_LLM_TOKENS_PER_SECOND);
  return {
    firstTokenMs: Number.isFinite(first) && first >= 0 ? first : STAND_IN_PACE.firstTokenMs,
    tokensPerSecond: Number.isFinite(rate) && rate > 0 ? rate : STAND_IN_PACE.tokensPerSecond,
  };
}

/** OpenAI's error shape. */
function invalid(c: Context, message: string): Response {
  return c.json({ error: { message, type: 'invalid_request_error', param: null, code: null } }, 400);
}

function sleepUntil(at: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, at - Date.now()));
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
