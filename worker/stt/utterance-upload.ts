import type { Context } from 'hono';
import { MAX_AUDIO_BYTES } from '../../protocol/broker-api';
import { ApiError } from '../errors';
import { ACCEPTED_TYPES_TEXT, partType, utteranceType, type UtteranceType } from './audio-type';
import type { AudioPart } from './multipart-envelope';

/**
 * What a multipart body may carry beyond its audio: the boundaries, the part headers and the
 * ticket. The audio itself is held to MAX_AUDIO_BYTES exactly.
 */
const FORM_OVERHEAD_BYTES = 16 * 1024;

/** One utterance as the request brings it, before the ticket is checked. */
export type Upload =
  | {
      kind: 'raw';
      type: UtteranceType;
      /** The Content-Length, when there is one: the audio then streams on unread. */
      length: number | undefined;
    }
  | { kind: 'form'; audio: AudioPart; ticket: string | undefined };

/**
 * Reads the shape of a transcribe request: its type (415 unless multipart or an accepted audio
 * type) and its size (413 past 2 MiB of audio). A raw body's bytes are not read here: it carries
 * its ticket in the header, checked before any byte is. A multipart body is read whole (bounded),
 * since its ticket is one of its parts; browsers send it this way, to need no preflight.
 */
export async function readUpload(c: Context): Promise<Upload> {
  const contentType = c.req.header('Content-Type') ?? '';
  const declared = declaredLength(c);
  if (/^multipart\/form-data\b/i.test(contentType)) {
    if (declared !== undefined && declared > MAX_AUDIO_BYTES + FORM_OVERHEAD_BYTES) throw tooLarge();
    return readForm(c, contentType);
  }
  const type = utteranceType(contentType);
  if (!type) throw unsupported(contentType || 'no Content-Type');
  if (declared !== undefined && declared > MAX_AUDIO_BYTES) throw tooLarge();
  if (declared === 0) throw noAudio();
  return { kind: 'raw', type, length: declared };
}

/**
 * A raw body's audio, once its ticket passed: streamed on as it arrives where its length is
 * declared (and held to it by the envelope), else read first so its size is known before anything
 * is sent.
 */
export async function rawAudio(c: Context, upload: Extract<Upload, { kind: 'raw' }>): Promise<AudioPart> {
  const body = c.req.raw.body;
  if (!body) throw noAudio();
  const { filename, type } = upload.type;
  if (upload.length !== undefined) return { filename, type, length: upload.length, stream: body };
  const bytes = await readBounded(body, MAX_AUDIO_BYTES);
  if (bytes.byteLength === 0) throw noAudio();
  return { filename, type, length: bytes.byteLength, stream: new Blob([bytes]).stream() };
}

async function readForm(c: Context, contentType: string): Promise<Upload> {
  const body = c.req.raw.body;
  if (!body) throw noAudio();
  const bytes = await readBounded(body, MAX_AUDIO_BYTES + FORM_OVERHEAD_BYTES);
  let form: FormData;
  try {
    form = await new Response(bytes, { headers: { 'Content-Type': contentType } }).formData();
  } catch {
    throw new ApiError(400, 'bad_request', 'The multipart/form-data body could not be read.');
  }
  const file = form.get('file');
  if (!(file instanceof File)) {
    throw new ApiError(400, 'bad_request', 'Send the audio as a "file" part of the form (with a filename and its audio type).');
  }
  const ticket = form.get('ticket');
  if (ticket !== null && (typeof ticket !== 'string' || ticket === '')) {
    throw new ApiError(401, 'unauthorized', 'The "ticket" part of the form is not a ticket.', { 'WWW-Authenticate': 'Bearer' });
  }
  if (file.size > MAX_AUDIO_BYTES) throw tooLarge();
  const type = partType(file);
  if (!type) throw unsupported(file.type || file.name || 'an unlabelled file');
  if (file.size === 0) throw noAudio();
  return { kind: 'form', audio: { ...type, length: file.size, stream: file.stream() }, ticket: ticket ?? undefined };
}

function declaredLength(c: Context): number | undefined {
  const header = c.req.header('Content-Length');
  if (header === undefined || c.req.header('Transfer-Encoding')) return undefined;
  const length = Number(header);
  return Number.isSafeInteger(length) && length >= 0 ? length : undefined;
}

/** The body's bytes, refused with 413 the moment they pass `max`. */
async function readBounded(body: ReadableStream<Uint8Array>, max: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

function tooLarge(): ApiError {
  return new ApiError(413, 'payload_too_large', `One utterance is at most ${MAX_AUDIO_BYTES / 1024 / 1024} MiB of audio.`);
}

function unsupported(what: string): ApiError {
  return new ApiError(415, 'unsupported_media_type', `Send audio as ${ACCEPTED_TYPES_TEXT} (raw or as a multipart "file" part), not ${what.slice(0, 100)}.`);
}

function noAudio(): ApiError {
  return new ApiError(400, 'bad_request', 'The utterance has no audio.');
}
