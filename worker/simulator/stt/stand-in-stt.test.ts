import { beforeEach, describe, expect, it } from 'vitest';
import { call, env } from '../../broker/testing/broker-test-kit';
import { standInSttApp } from './stand-in-stt';

/** The stand-in answers as OpenAI's transcription endpoint does, for what it can check without hearing. */
function post(body: FormData): Promise<Response> {
  return Promise.resolve(standInSttApp.fetch(new Request('http://simulator/sim/stt/v1/audio/transcriptions', { method: 'POST', body }), env));
}

function wav(seconds: number, rate = 16_000): Blob {
  const data = seconds * rate * 2;
  const header = new DataView(new ArrayBuffer(44));
  [...'RIFF'].forEach((ch, i) => header.setUint8(i, ch.charCodeAt(0)));
  header.setUint32(4, 36 + data, true);
  [...'WAVEfmt '].forEach((ch, i) => header.setUint8(8 + i, ch.charCodeAt(0)));
  header.setUint32(16, 16, true);
  header.setUint16(20, 1, true);
  header.setUint16(22, 1, true);
  header.setUint32(24, rate, true);
  header.setUint32(28, rate * 2, true);
  header.setUint16(32, 2, true);
  header.setUint16(34, 16, true);
  [...'data'].forEach((ch, i) => header.setUint8(36 + i, ch.charCodeAt(0)));
  header.setUint32(40, data, true);
  return new Blob([header.buffer, new Uint8Array(data)], { type: 'audio/wav' });
}

function form(fields: Record<string, string | [Blob, string]>): FormData {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    if (typeof value === 'string') body.set(name, value);
    else body.set(name, value[0], value[1]);
  }
  return body;
}

beforeEach(async () => {
  await call('/sim/stt', { method: 'DELETE', origin: null });
});

describe('the stand-in STT', () => {
  it('refuses what OpenAI refuses: no file, no model, a file name of no known format', async () => {
    const audio = wav(0.5);
    const cases = [form({ model: 'whisper-1' }), form({ file: [audio, 'utterance.wav'] }), form({ model: 'whisper-1', file: [audio, 'utterance'] })];
    for (const body of cases) {
      const res = await post(body);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { type: string } }).error.type).toBe('invalid_request_error');
    }
  });

  it('answers its script in order, then says what it heard without claiming words', async () => {
    await call('/sim/stt/script', { body: { replies: [{ text: 'first' }, { text: 'second' }] }, origin: null });
    const utterance = () => form({ model: 'whisper-1', file: [wav(1.5), 'utterance.wav'] });
    expect(await (await post(utterance())).json()).toEqual({ text: 'first' });
    expect(await (await post(utterance())).json()).toEqual({ text: 'second' });
    const fallback = ((await (await post(utterance())).json()) as { text: string }).text;
    expect(fallback).toContain('1.5 s of audio');
    const text = await (await post(form({ model: 'whisper-1', response_format: 'text', file: [wav(1), 'a.wav'] }))).text();
    expect(text).toContain('1.0 s of audio');
  });

  it('keeps its switches behind the simulator control gate', async () => {
    const res = await call('/sim/stt/received', { origin: null, headers: { 'CF-Connecting-IP': '203.0.113.9' } });
    expect(res.status).toBe(403);
    const script = await call('/sim/stt/script', { body: { replies: [{ text: 'x' }] }, origin: null, headers: { 'CF-Connecting-IP': '203.0.113.9' } });
    expect(script.status).toBe(403);
  });
});
