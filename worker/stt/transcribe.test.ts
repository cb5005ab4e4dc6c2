import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_AUDIO_BYTES, type CreateSessionReply, type HealthReply, type TranscribeReply } from '../../protocol/broker-api';
import type { Env } from '../env';
import { app } from '../app';
import { brokerSession } from '../broker/broker-session';
import { BROKER, call, env, errorOf, knownAvatarId, SHOP, startSession } from '../broker/testing/broker-test-kit';
import type { SttReceived, SttReply } from '../simulator/stt/stt-script';

/** STT_BASE_URL naming the simulator's stand-in, as `npm start` sets it. */
const STAND_IN = { STT_BASE_URL: 'http://localhost:8787/sim/stt/v1' };
/** Some bytes labelled as audio: the stand-in recognises nothing, it answers what it is scripted to. */
const AUDIO = new Uint8Array(4096).map((_, i) => (i * 7) % 251);

interface Post {
  body: BodyInit;
  headers?: Record<string, string>;
  ticket?: string;
  query?: string;
  env?: Partial<Record<keyof Env, string | undefined>>;
}

function transcribe(session: CreateSessionReply, init: Post): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set('Origin', SHOP);
  if (init.ticket) headers.set('Authorization', `Bearer ${init.ticket}`);
  const request = new Request(`${BROKER}/v1/sessions/${session.sessionId}/transcribe${init.query ?? ''}`, { method: 'POST', headers, body: init.body });
  return Promise.resolve(app.request(request, undefined, { ...env, ...STAND_IN, ...init.env } as Env));
}

/** What a browser sends: the audio as a `file` part, the ticket as another part, no header. */
function form(audio: Blob, ticket: string | undefined, filename = 'utterance'): FormData {
  const body = new FormData();
  if (ticket !== undefined) body.set('ticket', ticket);
  body.set('file', audio, filename);
  return body;
}

async function script(...replies: SttReply[]): Promise<void> {
  const res = await call('/sim/stt/script', { body: { replies }, origin: null });
  expect(res.status).toBe(200);
}

async function received(): Promise<SttReceived[]> {
  const res = await call('/sim/stt/received', { origin: null });
  return ((await res.json()) as { received: SttReceived[] }).received;
}

beforeAll(knownAvatarId);
beforeEach(async () => {
  await call('/sim/stt', { method: 'DELETE', origin: null });
});
afterEach(() => vi.restoreAllMocks());

describe('POST /v1/sessions/:id/transcribe', () => {
  it('turns a browser’s multipart utterance (ticket as a part) into { text }, sending the stand-in utterance.webm', async () => {
    const session = await startSession();
    await script({ text: ' When do you open? ' });
    const res = await transcribe(session, { body: form(new Blob([AUDIO], { type: 'audio/webm;codecs=opus' }), session.ticket) });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual<TranscribeReply>({ text: 'When do you open?' });
    const [sent, ...more] = await received();
    expect(more).toEqual([]);
    expect(sent).toMatchObject({ filename: 'utterance.webm', type: 'audio/webm', bytes: AUDIO.byteLength, model: 'whisper-1' });
  });

  it('takes raw audio with its type and the ticket in the header, named for its type upstream', async () => {
    const session = await startSession();
    await script({ text: 'Hello' });
    const res = await transcribe(session, { body: AUDIO, ticket: session.ticket, headers: { 'Content-Type': 'audio/ogg; codecs=opus' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ text: 'Hello' });
    expect((await received()).map((r) => [r.filename, r.type, r.bytes])).toEqual([['utterance.ogg', 'audio/ogg', AUDIO.byteLength]]);
  });

  it('streams a raw body of unknown length once read within the limit', async () => {
    const session = await startSession();
    await script({ text: 'streamed' });
    const body = new Blob([AUDIO, AUDIO]).stream();
    const res = await transcribe(session, { body, ticket: session.ticket, headers: { 'Content-Type': 'audio/mpeg' } });
    expect(res.status).toBe(200);
    expect((await received()).map((r) => [r.filename, r.bytes])).toEqual([['utterance.mp3', 2 * AUDIO.byteLength]]);
  });

  it('calls a real STT API as OpenAI documents it: multipart file and model, the key as Bearer', async () => {
    const session = await startSession({ body: { language: 'en-US' } });
    const seen: { url: string; auth: string | null; fields: Record<string, string>; file: File }[] = [];
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      const request = new Request(input, init);
      const body = await request.formData();
      const fields = Object.fromEntries([...body].filter(([, v]) => typeof v === 'string')) as Record<string, string>;
      seen.push({ url: request.url, auth: request.headers.get('Authorization'), fields, file: body.get('file') as File });
      return Response.json({ text: 'Is it raining?' });
    });
    const stt = { STT_BASE_URL: 'https://stt.test/v1/', STT_API_KEY: 'sk-stt-secret-key', STT_MODEL: 'whisper-large-v3' };
    const res = await transcribe(session, { body: form(new Blob([AUDIO], { type: 'audio/wav' }), session.ticket), env: stt });
    expect(res.status).toBe(200);
    const reply = await res.text();
    expect(JSON.parse(reply)).toEqual({ text: 'Is it raining?' });
    expect(reply).not.toContain('sk-stt');
    const [upstream] = seen;
    expect(upstream!.url).toBe('https://stt.test/v1/audio/transcriptions');
    expect(upstream!.auth).toBe('Bearer sk-stt-secret-key');
    expect(upstream!.fields).toEqual({ model: 'whisper-large-v3', response_format: 'json', language: 'en' });
    expect(upstream!.file.name).toBe('utterance.wav');
    expect(new Uint8Array(await upstream!.file.arrayBuffer())).toEqual(AUDIO);
  });

  it('counts as the visitor’s activity', async () => {
    const session = await startSession();
    const stub = brokerSession(env, session.sessionId);
    const before = (await stub.read())!.lastActivity;
    // The broker moves a session's activity in steps of a second.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await script({ text: 'hi' });
    expect((await transcribe(session, { body: form(new Blob([AUDIO], { type: 'audio/webm' }), session.ticket) })).status).toBe(200);
    expect((await stub.read())!.lastActivity).toBeGreaterThan(before);
  });
});

describe('transcribe refuses before anything is sent', () => {
  const webm = () => new Blob([AUDIO], { type: 'audio/webm' });

  it('answers 503 not_configured without STT_BASE_URL, and /health says stt: false', async () => {
    const session = await startSession();
    const res = await transcribe(session, { body: form(webm(), session.ticket), env: { STT_BASE_URL: undefined } });
    expect(res.status).toBe(503);
    expect((await errorOf(res)).code).toBe('not_configured');
    const health = (await (await call('/health')).json()) as HealthReply;
    expect(health.stt).toBe(false);
    const configured = (await (await call('/health', { env: STAND_IN })).json()) as HealthReply;
    expect(configured).toEqual({ ok: true, mode: 'simulator', brain: 'a2e', stt: true });
  });

  it('needs the session’s own ticket (401 without, 403 for another session’s, 401 for two different)', async () => {
    const [session, other] = await Promise.all([startSession(), startSession()]);
    const none = await transcribe(session, { body: form(webm(), undefined) });
    expect(none.status).toBe(401);
    expect((await errorOf(none)).code).toBe('unauthorized');
    const raw = await transcribe(session, { body: AUDIO, headers: { 'Content-Type': 'audio/webm' } });
    expect(raw.status).toBe(401);
    const foreign = await transcribe(session, { body: form(webm(), other.ticket) });
    expect(foreign.status).toBe(403);
    const two = await transcribe(session, { body: form(webm(), other.ticket), ticket: session.ticket });
    expect(two.status).toBe(401);
    const inUrl = await transcribe(session, { body: form(webm(), session.ticket), query: `?ticket=${session.ticket}` });
    expect(inUrl.status).toBe(401);
    expect(await received()).toEqual([]);
  });

  it('refuses more than 2 MiB of audio with 413, raw or in a form, declared or not', async () => {
    const session = await startSession();
    const big = new Uint8Array(MAX_AUDIO_BYTES + 1);
    const declared = await transcribe(session, { body: big, ticket: session.ticket, headers: { 'Content-Type': 'audio/webm' } });
    expect(declared.status).toBe(413);
    expect((await errorOf(declared)).code).toBe('payload_too_large');
    const undeclared = await transcribe(session, { body: new Blob([big]).stream(), ticket: session.ticket, headers: { 'Content-Type': 'audio/webm' } });
    expect(undeclared.status).toBe(413);
    const inForm = await transcribe(session, { body: form(new Blob([big], { type: 'audio/webm' }), session.ticket) });
    expect(inForm.status).toBe(413);
    expect(await received()).toEqual([]);
    // Exactly the limit is taken: the 64 KB cap of the JSON calls does not apply here.
    await script({ text: 'long' });
    const atLimit = await transcribe(session, { body: form(new Blob([new Uint8Array(MAX_AUDIO_BYTES)], { type: 'audio/webm' }), session.ticket) });
    expect(atLimit.status).toBe(200);
  });

  it('refuses other types with 415, with or without codecs, raw or as the file part', async () => {
    const session = await startSession();
    for (const type of ['text/plain', 'application/json', 'video/webm', 'audio/flac']) {
      const raw = await transcribe(session, { body: AUDIO, ticket: session.ticket, headers: { 'Content-Type': type } });
      expect(raw.status, type).toBe(415);
      expect((await errorOf(raw)).code).toBe('unsupported_media_type');
      const part = await transcribe(session, { body: form(new Blob([AUDIO], { type }), session.ticket) });
      expect(part.status, type).toBe(415);
    }
    expect(await received()).toEqual([]);
    // A part labelled only octet-stream (curl -F file=@x.wav) is known by its name.
    await script({ text: 'curl' });
    const named = await transcribe(session, { body: form(new Blob([AUDIO], { type: 'application/octet-stream' }), session.ticket, 'question.wav') });
    expect(named.status).toBe(200);
    expect((await received()).map((r) => r.filename)).toEqual(['utterance.wav']);
  });

  it('answers 400 for a form without a file part, and 409 for an ended session', async () => {
    const session = await startSession();
    const noFile = new FormData();
    noFile.set('ticket', session.ticket);
    noFile.set('audio', 'not a file');
    expect((await transcribe(session, { body: noFile })).status).toBe(400);
    await call(`/v1/sessions/${session.sessionId}/leave`, { ticket: session.ticket, body: {} });
    const ended = await transcribe(session, { body: form(webm(), session.ticket) });
    expect(ended.status).toBe(409);
    expect(await received()).toEqual([]);
  });
});

describe('transcribe when the STT fails', () => {
  const webm = () => new Blob([AUDIO], { type: 'audio/webm' });

  it('answers 502 upstream_error for an STT error status, never passing its text on', async () => {
    const session = await startSession();
    await script({ status: 500 });
    const res = await transcribe(session, { body: form(webm(), session.ticket) });
    expect(res.status).toBe(502);
    const error = await errorOf(res);
    expect(error.code).toBe('upstream_error');
    expect(error.message).toContain('HTTP 500');
    expect(error.message).not.toContain('told to fail');
  });

  it('answers 502 for an unreachable STT or an unreadable reply', async () => {
    const session = await startSession();
    const stt = { STT_BASE_URL: 'https://stt.test/v1' };
    vi.spyOn(globalThis, 'fetch').mockRejectedValueOnce(new TypeError('fetch failed'));
    const unreachable = await transcribe(session, { body: form(webm(), session.ticket), env: stt });
    expect(unreachable.status).toBe(502);
    vi.spyOn(globalThis, 'fetch').mockResolvedValueOnce(new Response('<html>oops</html>', { status: 200 }));
    const garbage = await transcribe(session, { body: form(webm(), session.ticket), env: stt });
    expect(garbage.status).toBe(502);
    expect((await errorOf(garbage)).code).toBe('upstream_error');
  });

  it('answers 504 upstream_timeout for a stalled STT (UPSTREAM_TIMEOUT_MS)', async () => {
    const session = await startSession();
    await script({ stallMs: 60_000 });
    const res = await transcribe(session, { body: form(webm(), session.ticket), env: { UPSTREAM_TIMEOUT_MS: '200' } });
    expect(res.status).toBe(504);
    expect((await errorOf(res)).code).toBe('upstream_timeout');
  });
});

describe('transcribe and the utterance limit', () => {
  it('shares the per-client-and-session allowance of speak and ask (20 per 10 s)', async () => {
    // Miniflare counts in wall-clock windows: start where the count cannot straddle one.
    const left = 10_000 - (Date.now() % 10_000);
    if (left < 4_000) await new Promise((resolve) => setTimeout(resolve, left + 50));
    const session = await startSession();
    const address = { 'CF-Connecting-IP': '198.51.100.77' };
    for (let i = 0; i < 20; i++) {
      const res = await call(`/v1/sessions/${session.sessionId}/speak`, { ticket: session.ticket, body: { text: 'Hi.' }, headers: address });
      expect(res.status).toBe(200);
    }
    const res = await transcribe(session, { body: form(new Blob([AUDIO], { type: 'audio/webm' }), session.ticket), headers: address });
    expect(res.status).toBe(429);
    expect(res.headers.get('Retry-After')).toBe('10');
    expect(await received()).toEqual([]);
  });
});
