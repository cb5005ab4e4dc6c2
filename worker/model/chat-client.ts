import type { Env } from '../env';
import type { ModelConfig } from '../config';
import { readChatStream, type ChatPiece } from './chat-stream';
import { ModelFault } from './model-fault';
import { modelFetch } from './model-fetch';
import type { ChatMessage } from './prompt';

export interface CompletionCall {
  messages: ChatMessage[];
  maxTokens: number;
  /** Aborting it (an interrupt) cancels the request or the stream, whichever is under way. */
  signal: AbortSignal;
  /** Bound on the wait for the first chunk (from now) and on every gap between chunks. */
  timeoutMs: number;
}

/**
 * One streamed chat completion from an OpenAI-compatible API: `POST {baseUrl}/chat/completions`
 * with `stream: true`. Only the documented core of that API is sent (`model`, `messages`,
 * `stream`, `max_tokens`), so OpenAI, Groq, Together, OpenRouter, Ollama, llama.cpp and
 * Cloudflare's endpoint all take it. The key goes in the Authorization header to the model API
 * only; it is never logged, and no model error text is passed on.
 */
export async function* streamCompletion(env: Env, config: ModelConfig, call: CompletionCall): AsyncGenerator<ChatPiece> {
  const startedAt = Date.now();
  const headers: Record<string, string> = { 'Content-Type': 'application/json', Accept: 'text/event-stream' };
  if (config.apiKey) headers.Authorization = `Bearer ${config.apiKey}`;
  const body: Record<string, unknown> = { messages: call.messages, stream: true, max_tokens: call.maxTokens };
  if (config.model) body.model = config.model;

  // The first wait (until the reply's headers) is bounded here; the stream bounds the rest.
  const stalled = new AbortController();
  const timer = setTimeout(() => stalled.abort(new ModelFault('timeout')), call.timeoutMs);
  const request = new Request(`${config.baseUrl}/chat/completions`, {
    method: 'POST',
    headers,
    body: JSON.stringify(body),
    signal: AbortSignal.any([call.signal, stalled.signal]),
  });
  let response: Response;
  try {
    response = await modelFetch(env, config, request);
  } catch (err) {
    if (call.signal.aborted) throw call.signal.reason;
    throw stalled.signal.aborted ? new ModelFault('timeout') : err instanceof ModelFault ? err : new ModelFault('network');
  } finally {
    clearTimeout(timer);
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new ModelFault('http', response.status);
  }
  if (!response.body) throw new ModelFault('garbage');
  yield* readChatStream(response.body, call.timeoutMs, startedAt, call.signal);
}
