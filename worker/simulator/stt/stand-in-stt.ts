import { Hono, type Context } from 'hono';
import type { Env } from '../../env';
import { STAND_IN_STT_PATH } from '../../stt/stt-config';
import { simulatorState } from '../sim-stubs';
import type { SttReply } from './stt-script';

/** The formats OpenAI's transcription endpoint takes, by file extension (its own error lists them). */
const FORMATS = ['flac', 'm4a', 'mp3', 'mp4', 'mpeg', 'mpga', 'oga', 'ogg', 'wav', 'webm'];

/**
 * An OpenAI-compatible transcription API for simulator mode: `POST /audio/transcriptions` with a
 * multipart `file` and `model`, answered `{ text }` (or plain text for `response_format=text`),
 * with OpenAI's error shape for what OpenAI refuses (no file, no model, a file name without a
 * known extension). It recognises no speech: it answers what a test scripted
 * (`POST /sim/stt/script`, stt-script.ts), and otherwise says honestly what it received, so
 * `npm start` runs the whole server path with no key. Every request is recorded for tests
 * (`GET /sim/stt/received`): name, type, size, model, never the audio or a key.
 */
export const standInSttRoutes = new Hono<{ Bindings: Env }>().post('/audio/transcriptions', async (c) => {
  let form: FormData;
  try {
    form = await c.req.formData();
  } catch {
    return invalid(c, 'Could not parse multipart form data.', null);
  }
  const file = form.get('file');
  const model = form.get('model');
  if (!(file instanceof File)) return invalid(c, "Missing required parameter: 'file'.", 'file');
  if (typeof model !== 'string' || !model) return invalid(c, "Missing required parameter: 'model'.", 'model');
  const extension = /\.([a-z0-9]+)$/i.exec(file.name)?.[1]?.toLowerCase() ?? '';
  if (!FORMATS.includes(extension)) {
    return invalid(c, `Invalid file format. Supported formats: ${JSON.stringify(FORMATS)}`, 'file');
  }
  const audio = await file.arrayBuffer();
  const language = form.get('language');
  const reply = await simulatorState(c.env).takeSttReply({
    at: Date.now(),
    filename: file.name,
    type: file.type,
    bytes: audio.byteLength,
    model,
    language: typeof language === 'string' ? language : null,
    authorized: c.req.header('Authorization') !== undefined,
  });
  const text = await scripted(c, reply, () => fallbackText(file.type, audio));
  if (text instanceof Response) return text;
  return form.get('response_format') === 'text' ? c.text(text) : c.json({ text });
});

/** The stand-in at its URL path, for in-process calls (worker/stt/stt-fetch.ts). */
export const standInSttApp = new Hono<{ Bindings: Env }>().route(STAND_IN_STT_PATH, standInSttRoutes);

/** The scripted reply: its text, its error, or its stall (cut short when the caller gives up). */
async function scripted(c: Context, reply: SttReply | null, fallback: () => string): Promise<string | Response> {
  if (!reply) return fallback();
  if ('text' in reply) return reply.text;
  if ('status' in reply) {
    return c.json({ error: { message: 'The stand-in was told to fail.', type: 'server_error', param: null, code: null } }, reply.status as 500);
  }
  await sleep(reply.stallMs, c.req.raw.signal);
  return '';
}

/** What it says when no test scripted a reply: what it heard, since it cannot tell what was said. */
function fallbackText(type: string, audio: ArrayBuffer): string {
  const seconds = wavSeconds(audio);
  const size = seconds === undefined ? `${Math.max(1, Math.round(audio.byteLength / 1024))} KB of ${type || 'audio'}` : `${seconds.toFixed(1)} s of audio`;
  return `(Simulated speech-to-text: it heard ${size}, but recognises no words.)`;
}

/** A PCM WAV file's duration, from its header; undefined for anything else. */
function wavSeconds(audio: ArrayBuffer): number | undefined {
  if (audio.byteLength < 44) return undefined;
  const view = new DataView(audio);
  const tag = (offset: number) => String.fromCharCode(...new Uint8Array(audio, offset, 4));
  if (tag(0) !== 'RIFF' || tag(8) !== 'WAVE') return undefined;
  const byteRate = view.getUint32(28, true);
  return byteRate > 0 ? (audio.byteLength - 44) / byteRate : undefined;
}

/** OpenAI's error shape. */
function invalid(c: Context, message: string, param: string | null): Response {
  return c.json({ error: { message, type: 'invalid_request_error', param, code: null } }, 400);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason)), { once: true });
  });
}
