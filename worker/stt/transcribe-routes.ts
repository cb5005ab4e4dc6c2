import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { TranscribeReply } from '../../protocol/broker-api';
import { readConfig } from '../config';
import { ApiError } from '../errors';
import { bearerToken, checkTicket, ticketUse, useOpenSession, type TicketEnv } from '../broker/session-access';
import { readSttConfig, type SttConfig } from './stt-config';
import { transcribe } from './transcription-client';
import { rawAudio, readUpload, type Upload } from './utterance-upload';

interface TranscribeEnv {
  Bindings: TicketEnv['Bindings'];
  Variables: TicketEnv['Variables'] & { stt: SttConfig; upload: Upload };
}

/** 503 before anything else where no STT is configured: there is nothing to check a body for. */
const sttOffered = createMiddleware<TranscribeEnv>(async (c, next) => {
  const stt = readSttConfig(c.env);
  if (!stt) {
    throw new ApiError(503, 'not_configured', 'This broker offers no speech-to-text: set STT_BASE_URL (and STT_API_KEY, STT_MODEL).');
  }
  c.set('stt', stt);
  await next();
});

/** The request's type and size (415, 413), then its ticket (401, 403): all before anything is sent. */
const utteranceShape = createMiddleware<TranscribeEnv>(async (c, next) => {
  const upload = await readUpload(c);
  c.set('upload', upload);
  const header = bearerToken(c);
  const inForm = upload.kind === 'form' ? upload.ticket : undefined;
  // The same rules as every session call (broker/ticket-carrier.ts), with the form read here,
  // within its bound, rather than buffered whole to look for the field.
  if (c.req.query('ticket') !== undefined) throw refusal('A ticket goes in the URL only on a GET; send it in the form or the Authorization header.');
  if (header && inForm && header !== inForm) throw refusal('The request carries two different tickets (header and form); send one.');
  c.set('ticket', await checkTicket(c.env, ticketUse(c), header ?? inForm));
  await next();
});

function refusal(message: string): ApiError {
  return new ApiError(401, 'unauthorized', message, { 'WWW-Authenticate': 'Bearer' });
}

/**
 * `POST /sessions/:id/transcribe` (DESIGN.md, "Bring your own model"): one utterance of audio,
 * raw with its type or as a multipart `file` part (with the `ticket`), to `{ text }`. Like speak
 * and ask, it counts against the utterance limit and as the visitor's activity. A raw body with
 * a Content-Length streams to the STT API as it arrives; a multipart one is read first (at most
 * 2 MiB), since its ticket travels inside it.
 */
export const transcribeRoutes = new Hono<TranscribeEnv>().post(
  '/:id/transcribe',
  sttOffered,
  utteranceShape,
  async (c) => {
    // Activity, and one utterance against the per-client limit (429), as speak and ask.
    const session = await useOpenSession(c, { utterance: true });
    const upload = c.get('upload');
    const audio = upload.kind === 'form' ? upload.audio : await rawAudio(c, upload);
    const text = await transcribe(c.env, c.get('stt'), {
      audio,
      language: session.language,
      timeoutMs: readConfig(c.env).upstreamTimeoutMs,
    });
    return c.json<TranscribeReply>({ text }, 200, { 'Cache-Control': 'no-store' });
  },
);
