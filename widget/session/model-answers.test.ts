import { afterEach, describe, expect, it } from 'vitest';
import { FakeBroker, json } from '../test/fake-broker';
import { FakeTransports } from '../test/fake-transport';
import type { A2eError } from './a2e-error';
import { AvatarSession, type SessionOptions } from './avatar-session';

/** The session with a broker whose model answers (DESIGN.md "Bring your own model"). */
function setup(overrides: Partial<SessionOptions> = {}) {
  const broker = new FakeBroker();
  const transports = new FakeTransports();
  const transcripts: { role: string; text: string }[] = [];
  const partials: string[] = [];
  const ends: (string | undefined)[] = [];
  const errors: A2eError[] = [];
  const session = new AvatarSession(
    {
      stateChange: () => {},
      transcript: (role, text) => transcripts.push({ role, text }),
      // As the element does: a growing caption, and its end announced as the answer's transcript.
      avatarPartial: (text) => partials.push(text),
      avatarPartialEnd: (text) => {
        ends.push(text);
        if (text !== undefined) transcripts.push({ role: 'avatar', text });
      },
      error: (error) => errors.push(error),
      stream: () => {},
    },
    { fetch: broker.fetch, loadTransport: transports.load },
  );
  const options: SessionOptions = { server: broker.server, avatarId: 'ava', joinTimeoutMs: 1000, ...overrides };
  return { broker, transports, transcripts, partials, ends, errors, session, options };
}

/** An SSE reply, as the broker streams a model's answer. */
function sse(...events: [string, unknown][]): Response {
  const body = events.map(([event, data]) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`).join('');
  return new Response(body, { headers: { 'content-type': 'text/event-stream; charset=utf-8' } });
}

let t: ReturnType<typeof setup>;
afterEach(() => t?.session.disconnect());

describe('asks answered by the broker’s model', () => {
  it('asks for the stream, grows one line from its pieces, and tells the answer once though the room told each sentence', async () => {
    t = setup({ brain: 'model' });
    await t.session.connect(t.options);
    expect(t.broker.callsTo('POST /v1/sessions')[0]!.body).toEqual({ avatarId: 'ava', brain: 'model' });
    t.broker.on('POST /v1/sessions/:id/ask', () => {
      // The simulator's room tells each speak, before the broker's stream does.
      t.transports.last.events!.avatarText!('We open at nine.');
      t.transports.last.events!.avatarText!('Returns are free.');
      return sse(['delta', { text: 'We open at nine.' }], ['delta', { text: ' Returns are free.' }], ['done', { text: 'We open at nine. Returns are free.', interrupted: false }]);
    });
    await t.session.ask('Hours?');
    expect(t.partials).toEqual(['We open at nine.', 'We open at nine. Returns are free.']);
    expect(t.ends).toEqual(['We open at nine. Returns are free.']);
    expect(t.transcripts).toEqual([
      { role: 'user', text: 'Hours?' },
      { role: 'avatar', text: 'We open at nine. Returns are free.' },
    ]);
    // A line the room tells later that is not of the answer still shows.
    t.transports.last.events!.avatarText!('Something else.');
    expect(t.transcripts.at(-1)).toEqual({ role: 'avatar', text: 'Something else.' });
  });

  it('a failure after the first sentence rejects with the broker’s error, and lets the room’s lines through', async () => {
    t = setup({ brain: 'model' });
    await t.session.connect(t.options);
    t.broker.on('POST /v1/sessions/:id/ask', () =>
      sse(['delta', { text: 'We open at nine.' }], ['error', { error: { code: 'upstream_timeout', message: 'The model sent nothing for 10 s.', requestId: 'r' } }]),
    );
    await expect(t.session.ask('Hours?')).rejects.toMatchObject({ code: 'upstream_timeout' });
    expect(t.errors.at(-1)?.code).toBe('upstream_timeout');
    // What was said before the failure stays, as the answer's one line.
    expect(t.ends).toEqual(['We open at nine.']);
    t.transports.last.events!.avatarText!('Hello.');
    expect(t.transcripts.at(-1)).toEqual({ role: 'avatar', text: 'Hello.' });
  });

  it('an answer A2E’s QA gives (a JSON reply) is told as before', async () => {
    t = setup({ brain: 'a2e' });
    await t.session.connect(t.options);
    t.broker.on('POST /v1/sessions/:id/ask', () => json({ ok: true }));
    await t.session.ask('Hours?');
    t.transports.last.events!.avatarTextPartial!('We open');
    t.transports.last.events!.avatarText!('We open at nine.');
    expect(t.partials).toEqual(['We open']);
    expect(t.ends).toEqual(['We open at nine.']);
  });
});

describe('interrupt', () => {
  it('stops the model at the broker, and says whether anything was stopped', async () => {
    t = setup({ brain: 'model' });
    await t.session.connect(t.options);
    t.transports.last.interrupt = async () => false; // Agora: the carrier cannot cut
    t.broker.on('POST /v1/sessions/:id/interrupt', () => json({ ok: true, interrupted: true }));
    await expect(t.session.interrupt()).resolves.toBe(true);
    t.broker.on('POST /v1/sessions/:id/interrupt', () => json({ ok: true, interrupted: false }));
    await expect(t.session.interrupt()).resolves.toBe(false);
    expect(t.broker.callsTo('POST /v1/sessions/:id/interrupt')[0]).toMatchObject({ ticket: 'ticket-1', ticketIn: 'body', simple: true });
  });

  it('learns the brain from /health when none is set, and does not call the broker for A2E’s QA', async () => {
    t = setup();
    t.broker.on('GET /health', () => json({ ok: true, mode: 'simulator', brain: 'model', stt: false }));
    await t.session.connect(t.options);
    expect(t.broker.callsTo('POST /v1/sessions')[0]!.body).toEqual({ avatarId: 'ava' });
    t.broker.on('POST /v1/sessions/:id/interrupt', () => json({ ok: true, interrupted: true }));
    await t.session.interrupt();
    expect(t.broker.callsTo('POST /v1/sessions/:id/interrupt')).toHaveLength(1);

    await t.session.disconnect();
    t = setup({ brain: 'a2e' });
    await t.session.connect(t.options);
    t.transports.last.interrupt = async () => false;
    await expect(t.session.interrupt()).resolves.toBe(false);
    expect(t.broker.callsTo('POST /v1/sessions/:id/interrupt')).toHaveLength(0);
  });
});
