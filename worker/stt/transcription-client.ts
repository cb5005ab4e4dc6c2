import type { Env } from '../env';
import { ApiError } from '../errors';
import { multipartEnvelope, type AudioPart } from './multipart-envelope';
import type { SttConfig } from './stt-config';
import { sttFetch } from './stt-fetch';

export interface TranscriptionCall {
  audio: AudioPart;
  /** The session's BCP 47 language, if any: its ISO 639-1 part helps the model. */
  language?: string | undefined;
  /** Bound on every wait: between two pieces of audio taken by the API, and for its reply. */
  timeoutMs: number;
}

/** How an STT call went wrong; only the kind and the HTTP status are ever logged. */
type FaultKind = 'timeout' | 'network' | 'http' | 'garbage';

/**
 * One transcription by an OpenAI-compatible API: `POST {baseUrl}/audio/transcriptions`, multipart
 * `file` (named `utterance.<ext>`), `model` and `response_format=json`, the reply's `text`. Only
 * that documented core is sent, so OpenAI, Groq, whisper.cpp's and faster-whisper's servers all
 * take it. The key goes to the STT API only; no STT error text is passed on (it may name the
 * account).
 */
export async function transcribe(env: Env, config: SttConfig, call: TranscriptionCall): Promise<string> {
  const stalled = new AbortController();
  const watchdog = new Watchdog(call.timeoutMs, () => stalled.abort());
  const fields: Record<string, string> = { model: config.model, response_format: 'json' };
  const language = iso639_1(call.language);
  if (language) fields.language = language;
  const audio = { ...call.audio, stream: call.audio.stream.pipeThrough(progress(() => watchdog.reset())) };
  const envelope = multipartEnvelope(fields, audio);
  const headers: Record<string, string> = { 'Content-Type': envelope.contentType, Accept: 'application/json' };
  if (config.apiKey) headers.Authorization = `Bearer ${config.apiKey}`;
  const request = new Request(`${config.baseUrl}/audio/transcriptions`, {
    method: 'POST',
    headers,
    body: envelope.body,
    signal: stalled.signal,
  });
  try {
    let response: Response;
    try {
      response = await sttFetch(env, config, request);
    } catch {
      throw fault(stalled.signal.aborted ? 'timeout' : 'network', call.timeoutMs);
    }
    watchdog.reset();
    if (!response.ok) {
      await response.body?.cancel().catch(() => {});
      throw fault('http', call.timeoutMs, response.status);
    }
    let reply: unknown;
    try {
      reply = await response.json();
    } catch {
      throw fault(stalled.signal.aborted ? 'timeout' : 'garbage', call.timeoutMs);
    }
    const text = (reply as { text?: unknown } | null)?.text;
    if (typeof text !== 'string') throw fault('garbage', call.timeoutMs);
    return text.trim();
  } finally {
    watchdog.stop();
  }
}

/** 502 for an STT that failed, 504 for one that stalled; one log line, never a header or body. */
function fault(kind: FaultKind, timeoutMs: number, status?: number): ApiError {
  console.warn(JSON.stringify({ level: 'warn', upstream: 'stt', kind, status }));
  const seconds = Math.round(timeoutMs / 100) / 10;
  switch (kind) {
    case 'timeout':
      return new ApiError(504, 'upstream_timeout', `The speech-to-text service did not answer within ${seconds} s.`);
    case 'network':
      return new ApiError(502, 'upstream_error', 'Could not reach the speech-to-text service.');
    case 'http':
      return new ApiError(502, 'upstream_error', `The speech-to-text service answered HTTP ${status ?? 'error'}.`);
    case 'garbage':
      return new ApiError(502, 'upstream_error', 'The speech-to-text service sent a reply the broker could not read.');
  }
}

/** "en-US" -> "en": OpenAI-compatible APIs take ISO 639-1 codes and refuse anything else. */
function iso639_1(language: string | undefined): string | undefined {
  const primary = language?.split('-')[0]?.toLowerCase();
  return primary && /^[a-z]{2}$/.test(primary) ? primary : undefined;
}

/** Calls `onChunk` as each piece of audio is taken by the upstream. */
function progress(onChunk: () => void): TransformStream<Uint8Array, Uint8Array> {
  return new TransformStream({
    transform(chunk, controller) {
      onChunk();
      controller.enqueue(chunk);
    },
  });
}

/** Fires once `ms` pass without a reset(). */
class Watchdog {
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly ms: number,
    private readonly onStall: () => void,
  ) {
    this.reset();
  }

  reset(): void {
    this.stop();
    this.#timer = setTimeout(this.onStall, this.ms);
  }

  stop(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
  }
}
