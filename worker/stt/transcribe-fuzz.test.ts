import fc from 'fast-check';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CreateSessionReply } from '../../protocol/broker-api';
import type { Env } from '../env';
import { app } from '../app';
import { BROKER, call, env, SHOP, startSession } from '../broker/testing/broker-test-kit';
import { expectRefusalShape, headerText, RUNS } from '../fuzz/fuzz-kit';
import type { SttReceived } from '../simulator/stt/stt-script';

const STAND_IN = { STT_BASE_URL: 'http://localhost:8787/sim/stt/v1' };

/** Content-Types a client might label an utterance with, right or wrong. */
const contentType = fc.oneof(
  fc.constantFrom('audio/webm', 'audio/webm;codecs=opus', 'AUDIO/OGG; codecs=opus', 'audio/wav', 'audio/mp4', 'audio/mpeg'),
  fc.constantFrom('audio/flac', 'video/webm', 'text/plain', 'application/json', 'application/octet-stream', 'multipart/form-data', 'multipart/form-data; boundary=x', ''),
  headerText,
);

/** A body: bytes, nothing, a broken multipart, or a form with odd parts. */
const body = fc.oneof(
  fc.uint8Array({ maxLength: 2048 }).map((bytes) => ({ kind: 'bytes' as const, bytes })),
  fc.constant({ kind: 'empty' as const }),
  fc
    .record({
      file: fc.option(fc.record({ type: contentType, name: fc.constantFrom('utterance', 'a.wav', 'x.webm', '', 'evil"\r\nname.mp3') })),
      ticket: fc.option(fc.oneof(fc.constant('mine'), fc.string({ maxLength: 20 }))),
      extra: fc.option(fc.string({ maxLength: 20 })),
    })
    .map((parts) => ({ kind: 'form' as const, parts })),
);

describe('transcribe, fuzzed', () => {
  let session: CreateSessionReply;
  beforeAll(async () => {
    session = await startSession();
  });
  beforeEach(async () => {
    await call('/sim/stt', { method: 'DELETE', origin: null });
  });

  it('refuses bad input with the error shape, never a 5xx, and sends the STT only what it takes', async () => {
    await fc.assert(
      fc.asyncProperty(contentType, body, fc.boolean(), async (type, input, bearer) => {
        const headers = new Headers({ Origin: SHOP });
        if (bearer) headers.set('Authorization', `Bearer ${session.ticket}`);
        let payload: BodyInit | undefined;
        if (input.kind === 'bytes') payload = input.bytes;
        if (input.kind === 'form') {
          const form = new FormData();
          const { file, ticket, extra } = input.parts;
          if (file) form.set('file', new Blob([new Uint8Array(64)], { type: file.type }), file.name);
          if (ticket !== null) form.set('ticket', ticket === 'mine' ? session.ticket : ticket);
          if (extra !== null) form.set('extra', extra);
          payload = form;
        } else if (type) headers.set('Content-Type', type);
        const before = (await received()).length;
        const request = new Request(`${BROKER}/v1/sessions/${session.sessionId}/transcribe`, { method: 'POST', headers, body: payload });
        const res = await app.request(request, undefined, { ...env, ...STAND_IN } as Env);
        await expectRefusalShape(res, [200]);
        const sent = (await received()).slice(before);
        // Whatever reached the STT was one utterance of an accepted type, under its own name.
        if (res.status !== 200) expect(sent).toEqual([]);
        for (const record of sent) expect(record.filename).toMatch(/^utterance\.(webm|ogg|wav|mp4|mp3)$/);
      }),
      { ...RUNS, numRuns: 60 },
    );
  });
});

async function received(): Promise<SttReceived[]> {
  return ((await (await call('/sim/stt/received', { origin: null })).json()) as { received: SttReceived[] }).received;
}
