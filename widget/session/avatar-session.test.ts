import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { errorReply, FakeBroker } from '../test/fake-broker';
import { FakeTransports, joinTimeout } from '../test/fake-transport';
import type { A2eError } from './a2e-error';
import { AvatarSession, type SessionDeps, type SessionOptions } from './avatar-session';
import type { StateChange } from './session-state';

function setup(overrides: Partial<SessionOptions> = {}, deps: SessionDeps = {}) {
  const broker = new FakeBroker();
  const transports = new FakeTransports();
  const changes: StateChange[] = [];
  const transcripts: { role: string; text: string }[] = [];
  const partials: string[] = [];
  const partialEnds: (string | undefined)[] = [];
  const errors: A2eError[] = [];
  const streams: (MediaStream | null)[] = [];
  const session = new AvatarSession(
    {
      stateChange: (change) => changes.push(change),
      transcript: (role, text) => transcripts.push({ role, text }),
      avatarPartial: (text) => partials.push(text),
      avatarPartialEnd: (text) => partialEnds.push(text),
      error: (error) => errors.push(error),
      stream: (stream) => streams.push(stream),
    },
    { fetch: broker.fetch, loadTransport: transports.load, ...deps },
  );
  const options: SessionOptions = { server: broker.server, avatarId: 'ava', joinTimeoutMs: 1000, ...overrides };
  return { broker, transports, changes, transcripts, partials, partialEnds, errors, streams, session, options };
}

const states = (changes: StateChange[]) => changes.map((c) => (c.reason ? `${c.state}:${c.reason}` : c.state));

let t: ReturnType<typeof setup>;
afterEach(async () => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  await t?.session.disconnect();
});

describe('connect', () => {
  beforeEach(() => (t = setup({ context: 'Opening hours: 9 to 5.', language: 'en-GB' })));

  it('creates a session, joins its room and reaches connected', async () => {
    await t.session.connect(t.options);
    expect(states(t.changes)).toEqual(['connecting', 'connected']);
    expect(t.broker.callsTo('POST /v1/sessions')[0]!.body).toEqual({ avatarId: 'ava', context: 'Opening hours: 9 to 5.', language: 'en-GB' });
    expect(t.transports.last.joinedRtc).toEqual(t.broker.rtc);
    expect(t.streams.at(-1)).toBe(t.transports.last.stream);
    expect(t.session.sessionId).toBe('s1');
  });

  it('starts loading the transport before the broker has answered', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const create = t.broker.routes.get('POST /v1/sessions')!;
    t.broker.on('POST /v1/sessions', async (call) => {
      await gate;
      return create(call);
    });
    t.session.hintTransport(Promise.resolve('simulator'));
    const connecting = t.session.connect(t.options);
    await vi.waitFor(() => expect(t.transports.loads).toEqual(['simulator']));
    expect(t.session.state).toBe('connecting');
    release();
    await connecting;
    expect(t.transports.loads).toEqual(['simulator']);
  });

  it('loads the transport the session needs when the hint was wrong', async () => {
    t.session.hintTransport(Promise.resolve('agora'));
    await t.session.connect(t.options);
    expect(t.transports.loads).toEqual(['agora', 'simulator']);
    expect(t.transports.last.kind).toBe('simulator');
  });

  it('turns the broker error shape into a typed error and the error state', async () => {
    t.broker.on('POST /v1/sessions', () => errorReply(429, 'too_many_sessions', 'All avatars are busy.'));
    const failure = await t.session.connect(t.options).catch((err: A2eError) => err);
    expect(failure).toMatchObject({ code: 'too_many_sessions', status: 429, message: 'All avatars are busy.' });
    expect(t.errors.map((e) => e.code)).toEqual(['too_many_sessions']);
    expect(states(t.changes)).toEqual(['connecting', 'error:upstream']);
  });

  it('ends the broker session when the room cannot be joined', async () => {
    t.transports.failJoin = joinTimeout();
    const failure = await t.session.connect(t.options).catch((err: A2eError) => err);
    expect(failure).toMatchObject({ code: 'join_timeout' });
    expect(states(t.changes)).toEqual(['connecting', 'error:network']);
    await vi.waitFor(() => expect(t.broker.callsTo('POST /v1/sessions/:id/leave')).toHaveLength(1));
    expect(t.transports.last.left).toBe(true);
  });

  it('refuses to start without a server or avatar', async () => {
    await expect(t.session.connect({ ...t.options, avatarId: '' })).rejects.toMatchObject({ code: 'missing_attribute' });
    expect(t.broker.calls).toHaveLength(0);
    expect(t.session.state).toBe('idle');
  });

  it('ends a session that was being made when disconnect() came', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const create = t.broker.routes.get('POST /v1/sessions')!;
    t.broker.on('POST /v1/sessions', async (call) => {
      await gate;
      return create(call);
    });
    const connecting = t.session.connect(t.options);
    await t.session.disconnect();
    expect(t.session.state).toBe('disconnected');
    release();
    await connecting;
    await vi.waitFor(() => expect(t.broker.callsTo('POST /v1/sessions/:id/leave')).toHaveLength(1));
    expect(t.transports.made).toHaveLength(0);
    expect(t.session.state).toBe('disconnected');
  });
});

describe('commands', () => {
  beforeEach(async () => {
    t = setup();
    await t.session.connect(t.options);
  });

  it('sends speak with the ticket and shows what the avatar says once', async () => {
    await t.session.speak('Hello there');
    const [call] = t.broker.callsTo('POST /v1/sessions/:id/speak');
    expect(call).toMatchObject({ path: '/v1/sessions/s1/speak', body: { text: 'Hello there' }, ticket: 'ticket-1' });
    t.transports.last.events!.avatarText!('Hello there');
    expect(t.transcripts).toEqual([{ role: 'avatar', text: 'Hello there' }]);
  });

  it('shows the question at once and the answer once, whichever source tells it first', async () => {
    // The room tells the answer before the broker's reply arrives (a broker whose reply carries it).
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    t.broker.on('POST /v1/sessions/:id/ask', async () => {
      await gate;
      return Response.json({ ok: true, text: 'We open at nine.' });
    });
    const asking = t.session.ask('When do you open?');
    t.transports.last.events!.avatarText!('We open at nine.');
    release();
    await asking;
    expect(t.transcripts).toEqual([
      { role: 'user', text: 'When do you open?' },
      { role: 'avatar', text: 'We open at nine.' },
    ]);
    expect(t.broker.callsTo('POST /v1/sessions/:id/ask')[0]!.body).toEqual({ question: 'When do you open?' });
  });

  it("grows an answer the room sends in pieces, then tells it once; A2E's bare ask reply adds nothing", async () => {
    await t.session.ask('When do you open?');
    expect(t.broker.callsTo('POST /v1/sessions/:id/ask')).toHaveLength(1);
    const events = t.transports.last.events!;
    events.avatarTextPartial!('We open');
    events.avatarTextPartial!('We open at nine');
    events.avatarText!('We open at nine.');
    expect(t.partials).toEqual(['We open', 'We open at nine']);
    expect(t.partialEnds).toEqual(['We open at nine.']);
    expect(t.transcripts).toEqual([{ role: 'user', text: 'When do you open?' }]);
    // A line with no pieces before it (a speak the room tells) is a plain transcript.
    events.avatarText!('Anything else?');
    expect(t.transcripts.at(-1)).toEqual({ role: 'avatar', text: 'Anything else?' });
    expect(t.partialEnds).toHaveLength(1);
  });

  it('drops a growing line whose finished text the broker already told', async () => {
    t.broker.on('POST /v1/sessions/:id/ask', () => Response.json({ ok: true, text: 'We open at nine.' }));
    await t.session.ask('When do you open?');
    t.transports.last.events!.avatarTextPartial!('We open');
    t.transports.last.events!.avatarText!('We open at nine.');
    expect(t.transcripts.filter((line) => line.role === 'avatar')).toEqual([{ role: 'avatar', text: 'We open at nine.' }]);
    expect(t.partialEnds).toEqual([undefined]);
  });

  it('is speaking while the transport says so', async () => {
    t.transports.last.events!.speaking(true);
    expect(t.session.state).toBe('speaking');
    t.transports.last.events!.speaking(false);
    expect(states(t.changes).slice(-2)).toEqual(['speaking', 'connected']);
  });

  it('interrupts through the transport', async () => {
    t.transports.last.events!.speaking(true);
    await expect(t.session.interrupt()).resolves.toBe(true);
    expect(t.transports.last.interrupted).toBe(1);
    expect(t.session.state).toBe('connected');
  });

  it('rejects empty and too long text without calling the broker', async () => {
    await expect(t.session.speak('  ')).rejects.toMatchObject({ code: 'bad_request' });
    await expect(t.session.ask('x'.repeat(1001))).rejects.toMatchObject({ code: 'payload_too_large' });
    expect(t.broker.callsTo('POST /v1/sessions/:id/speak')).toHaveLength(0);
  });

  it('ends the session when the broker no longer knows it', async () => {
    t.broker.on('POST /v1/sessions/:id/ask', () => errorReply(410, 'session_ended', 'This session has ended.'));
    await expect(t.session.ask('Still there?')).rejects.toMatchObject({ code: 'session_ended' });
    expect(t.session.state).toBe('error');
    expect(t.session.reason).toBe('expired');
  });
});

describe('commands while not connected', () => {
  it('reject with not_connected and report it', async () => {
    t = setup();
    await expect(t.session.speak('hi')).rejects.toMatchObject({ code: 'not_connected' });
    await expect(t.session.ask('hi')).rejects.toMatchObject({ code: 'not_connected' });
    await expect(t.session.interrupt()).rejects.toMatchObject({ code: 'not_connected' });
    expect(t.errors.map((e) => e.code)).toEqual(['not_connected', 'not_connected', 'not_connected']);
    expect(t.broker.calls).toHaveLength(0);
  });
});

describe('ending', () => {
  beforeEach(async () => {
    t = setup();
    await t.session.connect(t.options);
  });

  it('disconnect() leaves at the broker and the room, once', async () => {
    const transport = t.transports.last;
    await t.session.disconnect();
    await t.session.disconnect();
    const leaves = t.broker.callsTo('POST /v1/sessions/:id/leave');
    expect(leaves).toHaveLength(1);
    expect(leaves[0]).toMatchObject({ path: '/v1/sessions/s1/leave', ticket: 'ticket-1' });
    expect(transport.left).toBe(true);
    expect(states(t.changes).at(-1)).toBe('disconnected:client');
    expect(t.streams.at(-1)).toBeNull();
  });

  it('a new connect() after an end makes a new session', async () => {
    await t.session.disconnect();
    await t.session.connect(t.options);
    expect(t.session.sessionId).toBe('s2');
    expect(t.transports.made).toHaveLength(2);
  });

  it('ignores what the old transport says after the end', async () => {
    const old = t.transports.last;
    await t.session.disconnect();
    old.events!.speaking(true);
    old.events!.avatarText!('late words');
    expect(t.session.state).toBe('disconnected');
    expect(t.transcripts).toEqual([]);
  });

  it('a room closed on expiry ends as disconnected with that reason', async () => {
    t.transports.last.events!.ended('expired');
    expect(states(t.changes).at(-1)).toBe('disconnected:expired');
    await vi.waitFor(() => expect(t.broker.callsTo('POST /v1/sessions/:id/leave')).toHaveLength(1));
  });

  it('a room closed upstream ends in the error state', async () => {
    t.transports.last.events!.ended('upstream', 'closed by A2E');
    expect(states(t.changes).at(-1)).toBe('error:upstream');
    expect(t.errors.at(-1)).toMatchObject({ code: 'session_ended', message: 'closed by A2E' });
  });

  it('page hide ends the session with a beacon to the leave route', async () => {
    const beacon = vi.spyOn(navigator, 'sendBeacon').mockReturnValue(true);
    window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: false }));
    expect(beacon).toHaveBeenCalledTimes(1);
    const [url, body] = beacon.mock.calls[0]!;
    expect(url).toBe('https://broker.test/v1/sessions/s1/leave');
    expect(JSON.parse(await (body as Blob).text())).toEqual({ ticket: 'ticket-1' });
    expect((body as Blob).type).toBe('text/plain');
    expect(t.session.state).toBe('disconnected');
    await Promise.resolve();
    expect(t.broker.callsTo('POST /v1/sessions/:id/leave')).toHaveLength(0);
    window.dispatchEvent(new PageTransitionEvent('pagehide'));
    expect(beacon).toHaveBeenCalledTimes(1);
  });
});

describe('reconnect', () => {
  beforeEach(async () => {
    t = setup({ reconnect: { attempts: 3, baseMs: 1, maxMs: 4 } });
    await t.session.connect(t.options);
  });

  it('rejoins the same room after a dropped connection', async () => {
    const first = t.transports.last;
    first.events!.ended('network');
    expect(t.session.state).toBe('reconnecting');
    await vi.waitFor(() => expect(t.session.state).toBe('connected'));
    expect(first.left).toBe(true);
    expect(t.transports.made).toHaveLength(2);
    expect(t.transports.last.joinedRtc).toEqual(first.joinedRtc);
    expect(states(t.changes).slice(-2)).toEqual(['reconnecting:network', 'connected']);
    expect(t.broker.sessions).toBe(1);
  });

  it('finishes an answer that was growing when the connection dropped with what was shown', async () => {
    const first = t.transports.last;
    first.events!.avatarTextPartial!('We open at');
    first.events!.ended('network');
    expect(t.partialEnds).toEqual(['We open at']);
    await vi.waitFor(() => expect(t.session.state).toBe('connected'));
    first.events!.avatarText!('We open at nine.'); // the old transport is no longer listened to
    expect(t.partialEnds).toEqual(['We open at']);
  });

  it('gives up after the bounded attempts and ends cleanly with an error', async () => {
    t.transports.failJoin = joinTimeout();
    t.transports.last.events!.ended('network');
    await vi.waitFor(() => expect(t.session.state).toBe('error'));
    expect(t.transports.made).toHaveLength(1 + 3);
    expect(t.transports.made.every((tr) => tr.left)).toBe(true);
    expect(t.session.reason).toBe('network');
    expect(t.errors.at(-1)?.code).toBe('network');
    await vi.waitFor(() => expect(t.broker.callsTo('POST /v1/sessions/:id/leave')).toHaveLength(1));
  });

  it('follows the transport through its own recovery', async () => {
    t.transports.last.events!.connection('reconnecting');
    expect(t.session.state).toBe('reconnecting');
    t.transports.last.events!.connection('connected');
    expect(t.session.state).toBe('connected');
    expect(t.transports.made).toHaveLength(1);
  });

  it('rejoins itself when the transport stays reconnecting past the grace period', async () => {
    await t.session.disconnect();
    t = setup({ reconnect: { attempts: 3, baseMs: 1, maxMs: 4 }, reconnectGraceMs: 5 });
    await t.session.connect(t.options);
    t.transports.last.events!.connection('reconnecting');
    await vi.waitFor(() => expect(t.transports.made).toHaveLength(2));
    await vi.waitFor(() => expect(t.session.state).toBe('connected'));
  });
});

describe('money: heartbeat and idle end', () => {
  it('beats while the visitor is active and stops when they are not', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    t = setup({ idleTimeoutMs: 3_600_000 });
    t.broker.idleSeconds = 30;
    await t.session.connect(t.options);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(t.broker.callsTo('POST /v1/sessions/:id/heartbeat')).toHaveLength(1);
    expect(t.broker.callsTo('POST /v1/sessions/:id/heartbeat')[0]!.ticket).toBe('ticket-1');
    // Nobody touches the page for a while: the beats stop, so the broker can let the session lapse.
    await vi.advanceTimersByTimeAsync(60_000);
    const beats = t.broker.callsTo('POST /v1/sessions/:id/heartbeat').length;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(t.broker.callsTo('POST /v1/sessions/:id/heartbeat')).toHaveLength(beats);
    document.body.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true }));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(t.broker.callsTo('POST /v1/sessions/:id/heartbeat')).toHaveLength(beats + 1);
  });

  /** Asks at 5, 14 and 25 s of a session whose heartbeat comes every 10 s; the heartbeats sent by 35 s and by 45 s. */
  async function busyConversation(deps: SessionDeps = {}): Promise<[number, number]> {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    t = setup({ idleTimeoutMs: 3_600_000 }, deps);
    t.broker.idleSeconds = 30;
    await t.session.connect(t.options);
    const beats = () => t.broker.callsTo('POST /v1/sessions/:id/heartbeat').length;
    for (const wait of [5_000, 9_000, 11_000]) {
      await vi.advanceTimersByTimeAsync(wait);
      await t.session.ask('Still open?');
    }
    await vi.advanceTimersByTimeAsync(10_000);
    const busy = beats();
    await vi.advanceTimersByTimeAsync(10_000);
    return [busy, beats()];
  }

  it('sends no heartbeat while asks tell the broker the visitor is there, and beats again once they stop', async () => {
    const [whileBusy, after] = await busyConversation();
    expect(whileBusy).toBe(0);
    expect(after).toBe(1);
    expect(t.session.state).toBe('connected');
  });

  it('(the old way, kept for the benchmarks, beat all along)', async () => {
    const [whileBusy] = await busyConversation({ heartbeatWhileBusy: true });
    expect(whileBusy).toBe(3);
  });

  it('ends the session after the idle time with reason idle', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    t = setup({ idleTimeoutMs: 20_000 });
    await t.session.connect(t.options);
    await vi.advanceTimersByTimeAsync(15_000);
    document.body.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true }));
    await vi.advanceTimersByTimeAsync(15_000);
    expect(t.session.state).toBe('connected');
    await vi.advanceTimersByTimeAsync(6_000);
    expect(states(t.changes).at(-1)).toBe('disconnected:idle');
    expect(t.broker.callsTo('POST /v1/sessions/:id/leave')).toHaveLength(1);
  });

  it('ends the session at its expiry', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    t = setup({ idleTimeoutMs: 3_600_000 });
    t.broker.idleSeconds = 3_600;
    await t.session.connect(t.options);
    await vi.advanceTimersByTimeAsync(601_000);
    expect(states(t.changes).at(-1)).toBe('disconnected:expired');
  });
});
