import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SimulatorRtc } from '../../protocol/broker-api';
import { FakeRoomSockets, joinedMessage } from './fake-room-socket';
import { SimulatorTransport } from './simulator-transport';
import { TransportError, type EndReason, type TransportEvents } from './transport';

const rtc: SimulatorRtc = {
  transport: 'simulator',
  appId: 'sim-app',
  channel: 'sim-channel',
  token: 'sim-token',
  uid: 7,
  roomUrl: '/sim/rooms/sim-channel?token=sim-token&uid=7',
};

function recorder() {
  const seen = {
    streams: [] as MediaStream[],
    speaking: [] as boolean[],
    texts: [] as string[],
    partials: [] as string[],
    connection: [] as string[],
    ended: [] as [EndReason, string | undefined][],
    firstFrames: 0,
  };
  const events: TransportEvents = {
    stream: (stream) => seen.streams.push(stream),
    speaking: (speaking) => seen.speaking.push(speaking),
    avatarText: (text) => seen.texts.push(text),
    avatarTextPartial: (text) => seen.partials.push(text),
    connection: (state) => seen.connection.push(state),
    ended: (reason, message) => seen.ended.push([reason, message]),
    firstFrame: () => seen.firstFrames++,
  };
  return { events, seen };
}

const transports: SimulatorTransport[] = [];
afterEach(async () => {
  for (const transport of transports.splice(0)) await transport.leave();
});

function setup(joinTimeoutMs = 2_000) {
  const sockets = new FakeRoomSockets();
  const transport = new SimulatorTransport({ createSocket: sockets.create, retryDelaysMs: [5, 5], reducedMotion: false, qa: { silenceGraceMs: 30 } });
  transports.push(transport);
  const { events, seen } = recorder();
  const join = (server = 'https://broker.example') => transport.join(rtc, { server, joinTimeoutMs, events });
  return { sockets, transport, seen, join };
}

async function joined() {
  const parts = setup();
  const joining = parts.join();
  parts.sockets.last.accept();
  parts.sockets.last.deliver(joinedMessage());
  await joining;
  return parts;
}

/** Plays the stream in a <video> and reads the pixels of the mouth area, as a viewer would see them. */
async function mouthPixels(video: HTMLVideoElement): Promise<number[]> {
  await new Promise<void>((resolve) => video.requestVideoFrameCallback(() => resolve()));
  const canvas = document.createElement('canvas');
  canvas.width = 512;
  canvas.height = 512;
  const context = canvas.getContext('2d')!;
  context.drawImage(video, 0, 0, 512, 512);
  return Array.from(context.getImageData(192, 260, 128, 90).data);
}

describe('SimulatorTransport joining', () => {
  it("opens the room's WebSocket on the broker's origin, with ws or wss", async () => {
    const { sockets, join } = setup();
    void join('https://broker.example/base/').catch(() => undefined);
    expect(sockets.last.url).toBe('wss://broker.example/sim/rooms/sim-channel?token=sim-token&uid=7');
    const other = setup();
    void other.join('http://127.0.0.1:8787').catch(() => undefined);
    expect(other.sockets.last.url).toBe('ws://127.0.0.1:8787/sim/rooms/sim-channel?token=sim-token&uid=7');
  });

  it('resolves once the room says joined, then hands out a live video and audio stream', async () => {
    const { seen } = await joined();
    expect(seen.streams).toHaveLength(1);
    const stream = seen.streams[0]!;
    expect(stream.getVideoTracks()).toHaveLength(1);
    expect(stream.getAudioTracks()).toHaveLength(1);
    expect(stream.getTracks().every((track) => track.readyState === 'live')).toBe(true);
    await vi.waitFor(() => expect(seen.firstFrames).toBe(1));
  });

  it('rejects with join_failed when the room refuses the socket', async () => {
    const { sockets, join, seen } = setup();
    const joining = join();
    sockets.last.drop(1006);
    const error = await joining.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).code).toBe('join_failed');
    expect(seen.streams).toEqual([]);
  });

  it('rejects with join_timeout when the room never answers, and closes the socket', async () => {
    const { sockets, join } = setup(100);
    const joining = join();
    sockets.last.accept();
    await expect(joining).rejects.toMatchObject({ code: 'join_timeout' });
    expect(sockets.last.closedWith?.[0]).toBe(1000);
  });
});

describe('SimulatorTransport speaking', () => {
  it('reports an utterance already under way at join only after join() has resolved', async () => {
    const { sockets, seen, join } = setup();
    const joining = join();
    sockets.last.accept();
    sockets.last.deliver(joinedMessage());
    const now = Date.now();
    sockets.last.deliver({ type: 'utterance', id: 'u0', kind: 'speak', text: 'Already talking', startAt: now - 500, endAt: now + 5_000 });
    const heardBeforeResolve = await joining.then(() => [...seen.speaking]);
    expect(heardBeforeResolve).toEqual([]);
    await vi.waitFor(() => expect(seen.speaking).toEqual([true]));
    expect(seen.texts).toEqual(['Already talking']);
  });

  it('announces an utterance when it starts, speaks until it ends, and moves the mouth meanwhile', async () => {
    const { sockets, seen } = await joined();
    const video = document.createElement('video');
    video.muted = true;
    video.srcObject = seen.streams[0]!;
    await video.play();
    const idle = await mouthPixels(video);

    const now = Date.now();
    sockets.last.deliver({ type: 'utterance', id: 'u1', kind: 'speak', text: 'Hello and welcome to our shop!', startAt: now + 50, endAt: now + 1_550 });
    expect(seen.texts).toEqual([]);
    await vi.waitFor(() => expect(seen.texts).toEqual(['Hello and welcome to our shop!']));
    expect(seen.speaking).toEqual([true]);
    const frames: number[][] = [];
    for (let i = 0; i < 4; i++) {
      frames.push(await mouthPixels(video));
      await new Promise((resolve) => setTimeout(resolve, 70));
    }
    const differs = (a: number[], b: number[]) => a.some((value, index) => Math.abs(value - b[index]!) > 40);
    expect(frames.some((frame) => differs(frame, idle))).toBe(true);
    expect(frames.some((frame, i) => i > 0 && differs(frame, frames[i - 1]!))).toBe(true);
    await vi.waitFor(() => expect(seen.speaking).toEqual([true, false]), { timeout: 3_000 });
    video.srcObject = null;
  });

  it('sends interrupt to the room and stops speaking when the room cuts the utterance', async () => {
    const { sockets, seen, transport } = await joined();
    const now = Date.now();
    sockets.last.deliver({ type: 'utterance', id: 'u1', kind: 'answer', text: 'A long answer', startAt: now, endAt: now + 60_000 });
    await vi.waitFor(() => expect(seen.speaking).toEqual([true]));
    expect(await transport.interrupt()).toBe(true);
    expect(sockets.last.sent).toEqual([{ type: 'interrupt' }]);
    sockets.last.deliver({ type: 'interrupted', id: 'u1', at: Date.now() });
    expect(seen.speaking).toEqual([true, false]);
  });
});

/** The room's `stream-message`: A2E's StreamData JSON, as the room sends it. */
const qa = (message: string, pos?: 'start' | 'middle' | 'end') =>
  ({ type: 'stream-message', data: JSON.stringify(pos ? { type: 'QA', message, pos } : { type: 'QA', message }) }) as const;

describe("SimulatorTransport: the avatar's answers", () => {
  it('grows an answer from the QA pieces the room sends into one caption and one transcript; its utterance only moves the mouth', async () => {
    const { sockets, seen } = await joined();
    const now = Date.now();
    const text = 'Returns are accepted within 30 days with a receipt.';
    sockets.last.deliver({ type: 'utterance', id: 'a1', kind: 'answer', text, startAt: now, endAt: now + 60_000 });
    await vi.waitFor(() => expect(seen.speaking).toEqual([true]));
    sockets.last.deliver(qa('Returns are accepted ', 'start'));
    sockets.last.deliver(qa('within 30 days ', 'middle'));
    expect(seen.partials).toEqual(['Returns are accepted', 'Returns are accepted within 30 days']);
    expect(seen.texts).toEqual([]);
    sockets.last.deliver(qa('with a receipt.', 'end'));
    expect(seen.texts).toEqual([text]);
    // A short answer comes as one message without pos.
    sockets.last.deliver(qa('Yes.'));
    expect(seen.texts).toEqual([text, 'Yes.']);
    expect(seen.partials).toHaveLength(2);
  });

  it('closes an answer the room cut short (its end never comes) once the avatar falls silent', async () => {
    const { sockets, seen } = await joined();
    const now = Date.now();
    sockets.last.deliver({ type: 'utterance', id: 'a2', kind: 'answer', text: 'A long answer that goes on', startAt: now, endAt: now + 60_000 });
    await vi.waitFor(() => expect(seen.speaking).toEqual([true]));
    sockets.last.deliver(qa('A long answer ', 'start'));
    sockets.last.deliver({ type: 'interrupted', id: 'a2', at: Date.now() });
    expect(seen.speaking).toEqual([true, false]);
    await vi.waitFor(() => expect(seen.texts).toEqual(['A long answer']));
  });
});

describe('SimulatorTransport room changes', () => {
  it.each([
    ['expired', 'expired'],
    ['left', 'upstream'],
  ] as const)('ends with %s as %s and releases the media', async (roomReason, reason) => {
    const { sockets, seen } = await joined();
    sockets.last.deliver({ type: 'closed', reason: roomReason });
    expect(seen.ended.map(([r]) => r)).toEqual([reason]);
    await vi.waitFor(() => expect(seen.streams[0]!.getTracks().every((track) => track.readyState === 'ended')).toBe(true));
  });

  it('reconnects after a drop, keeping the same stream, and reports both ends of it', async () => {
    const { sockets, seen } = await joined();
    sockets.last.drop(1012);
    expect(seen.connection).toEqual(['reconnecting']);
    await vi.waitFor(() => expect(sockets.made).toHaveLength(2));
    sockets.last.accept();
    sockets.last.deliver(joinedMessage());
    expect(seen.connection).toEqual(['reconnecting', 'connected']);
    expect(seen.streams).toHaveLength(1);
    expect(seen.streams[0]!.getTracks().every((track) => track.readyState === 'live')).toBe(true);
  });

  it('ends with network when every reconnect fails', async () => {
    const { sockets, seen } = await joined();
    sockets.last.drop();
    for (const expected of [2, 3]) {
      await vi.waitFor(() => expect(sockets.made).toHaveLength(expected));
      sockets.last.drop();
    }
    await vi.waitFor(() => expect(seen.ended.map(([r]) => r)).toEqual(['network']));
  });
});

describe('SimulatorTransport leave', () => {
  it('closes the socket, ends every track and goes quiet; twice is fine', async () => {
    const { sockets, seen, transport } = await joined();
    const now = Date.now();
    sockets.last.deliver({ type: 'utterance', id: 'u1', kind: 'speak', text: 'Bye', startAt: now + 30, endAt: now + 500 });
    await transport.leave();
    await transport.leave();
    expect(sockets.last.closedWith?.[0]).toBe(1000);
    expect(seen.streams[0]!.getTracks().map((track) => track.readyState)).toEqual(['ended', 'ended']);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(seen.texts).toEqual([]);
    expect(seen.ended).toEqual([]);
    expect(await transport.interrupt()).toBe(false);
  });
});

describe('SimulatorTransport voice', () => {
  it('is silent while idle and audible while the avatar speaks', async () => {
    const { sockets, seen } = await joined();
    const context = new AudioContext();
    const analyser = context.createAnalyser();
    context.createMediaStreamSource(seen.streams[0]!).connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    const level = () => {
      analyser.getFloatTimeDomainData(samples);
      return Math.sqrt(samples.reduce((sum, value) => sum + value * value, 0) / samples.length);
    };
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(level()).toBeLessThan(0.002);
    const now = Date.now();
    sockets.last.deliver({ type: 'utterance', id: 'u1', kind: 'speak', text: 'Ah, hello there, lovely to see you!', startAt: now, endAt: now + 3_000 });
    let loudest = 0;
    await vi.waitFor(() => {
      loudest = Math.max(loudest, level());
      expect(loudest).toBeGreaterThan(0.005);
    }, { timeout: 2_000, interval: 20 });
    await context.close();
  });
});
