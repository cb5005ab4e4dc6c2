import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AgoraRtc } from '../../protocol/broker-api';
import { AgoraTransport, type AgoraTransportOptions } from './agora-transport';
import { FakeAgoraSdk, FakeRemoteTrack, liveAudioTrack, liveVideoTrack, type FakeAgoraClient, type FakeRemoteUser } from './fake-agora-sdk';
import { TransportError, type EndReason, type JoinOptions, type TransportEvents } from './transport';

const rtc: AgoraRtc = { transport: 'agora', appId: 'app-id-1', channel: 'channel-7', token: 'rtc-token', uid: 4242 };

interface Recorded {
  streams: MediaStream[];
  speaking: boolean[];
  connection: string[];
  ended: [EndReason, string | undefined][];
  texts: string[];
  partials: string[];
  firstFrames: number;
  tokenExpiring: number;
}

function recorder(): { events: TransportEvents; seen: Recorded } {
  const seen: Recorded = { streams: [], speaking: [], connection: [], ended: [], texts: [], partials: [], firstFrames: 0, tokenExpiring: 0 };
  const events: TransportEvents = {
    stream: (stream) => seen.streams.push(stream),
    speaking: (speaking) => seen.speaking.push(speaking),
    connection: (state) => seen.connection.push(state),
    ended: (reason, message) => seen.ended.push([reason, message]),
    avatarText: (text) => seen.texts.push(text),
    avatarTextPartial: (text) => seen.partials.push(text),
    firstFrame: () => (seen.firstFrames += 1),
    tokenExpiring: () => (seen.tokenExpiring += 1),
  };
  return { events, seen };
}

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function avatar(uid = 9000): FakeRemoteUser {
  const video = liveVideoTrack();
  const audio = liveAudioTrack();
  cleanups.push(video.stop, audio.stop);
  return { uid, publishes: { video: new FakeRemoteTrack(video.track), audio: new FakeRemoteTrack(audio.track) } };
}

async function joined(options: Partial<AgoraTransportOptions> = {}, join: Partial<JoinOptions> = {}) {
  const sdk = new FakeAgoraSdk();
  const transport = new AgoraTransport({ loadSdk: async () => sdk.asSdk(), ...options });
  cleanups.push(() => transport.leave());
  const { events, seen } = recorder();
  await transport.join(rtc, { server: 'https://broker.example', joinTimeoutMs: 2_000, events, ...join });
  return { sdk, client: sdk.clients[0]!, transport, seen };
}

async function publish(client: FakeAgoraClient, user: FakeRemoteUser, seen: Recorded, kinds: ('video' | 'audio')[] = ['video', 'audio']) {
  const before = seen.streams.length;
  for (const kind of kinds) client.emit('user-published', user, kind);
  await vi.waitFor(() => expect(seen.streams.length).toBe(before + kinds.length));
}

describe('AgoraTransport joining', () => {
  it('joins the session channel as an audience member of a live channel, with quiet SDK logs', async () => {
    const { sdk, client } = await joined();
    // H.264 by default: what Agora documents for receiving in Safari on iOS.
    expect(client.config).toEqual({ mode: 'live', codec: 'h264' });
    expect(client.role).toBe('audience');
    expect(client.joinArgs).toEqual(['app-id-1', 'channel-7', 'rtc-token', 4242]);
    expect(sdk.logUploadDisabled).toBe(true);
    expect(sdk.logLevel).toBeGreaterThanOrEqual(3);
  });

  it('makes its client with the codec the page asks for', async () => {
    const { client } = await joined({}, { codec: 'vp8' });
    expect(client.config).toEqual({ mode: 'live', codec: 'vp8' });
  });

  it('gives up with join_timeout when the SDK never finishes joining, and leaves', async () => {
    const sdk = new FakeAgoraSdk();
    sdk.prepare = (client) => (client.joinResult = () => new Promise(() => undefined));
    const transport = new AgoraTransport({ loadSdk: async () => sdk.asSdk() });
    const { events, seen } = recorder();
    const error = await transport.join(rtc, { server: '', joinTimeoutMs: 100, events }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).code).toBe('join_timeout');
    expect((error as TransportError).message).toMatch(/within 0\.1 s/);
    const client = sdk.clients[0]!;
    expect(client.leaveCalls).toBe(1);
    expect(client.listenerCount()).toBe(0);
    expect(seen.ended).toEqual([]);
  });

  it('reports an SDK join failure as join_failed with the reason', async () => {
    const sdk = new FakeAgoraSdk();
    sdk.prepare = (client) => (client.joinResult = () => Promise.reject(new Error('CAN_NOT_GET_GATEWAY_SERVER: invalid token')));
    const transport = new AgoraTransport({ loadSdk: async () => sdk.asSdk() });
    const error = (await transport.join(rtc, { server: '', joinTimeoutMs: 2_000, events: recorder().events }).catch((e: unknown) => e)) as TransportError;
    expect(error.code).toBe('join_failed');
    expect(error.message).toContain('invalid token');
    expect(sdk.clients[0]!.listenerCount()).toBe(0);
  });

  it('reports a failure to load the SDK chunk as join_failed', async () => {
    const transport = new AgoraTransport({ loadSdk: () => Promise.reject(new TypeError('Failed to fetch dynamically imported module')) });
    const error = (await transport.join(rtc, { server: '', joinTimeoutMs: 2_000, events: recorder().events }).catch((e: unknown) => e)) as TransportError;
    expect(error.code).toBe('join_failed');
    expect(error.message).toMatch(/Agora SDK/);
  });

  it('stops joining when the caller aborts, and leaves', async () => {
    const sdk = new FakeAgoraSdk();
    sdk.prepare = (client) => (client.joinResult = () => new Promise(() => undefined));
    const transport = new AgoraTransport({ loadSdk: async () => sdk.asSdk() });
    const controller = new AbortController();
    const joining = transport.join(rtc, { server: '', joinTimeoutMs: 5_000, signal: controller.signal, events: recorder().events });
    await vi.waitFor(() => expect(sdk.clients[0]?.joinArgs).toBeDefined());
    controller.abort();
    await expect(joining).rejects.toMatchObject({ name: 'AbortError' });
    expect(sdk.clients[0]!.leaveCalls).toBe(1);
  });

  it('refuses a simulator room and a second join', async () => {
    const { transport } = await joined();
    await expect(transport.join(rtc, { server: '', joinTimeoutMs: 100, events: recorder().events })).rejects.toMatchObject({ code: 'join_failed' });
    const fresh = new AgoraTransport({ loadSdk: async () => new FakeAgoraSdk().asSdk() });
    await expect(
      fresh.join({ ...rtc, transport: 'simulator', roomUrl: '/sim/rooms/x' }, { server: '', joinTimeoutMs: 100, events: recorder().events }),
    ).rejects.toMatchObject({ code: 'unsupported' });
  });
});

describe('AgoraTransport media', () => {
  it('subscribes to what the avatar publishes and hands out one stream with its video and audio', async () => {
    const { client, seen } = await joined();
    const user = avatar();
    await publish(client, user, seen);
    expect(client.subscribed).toEqual([[9000, 'video'], [9000, 'audio']]);
    const stream = seen.streams.at(-1)!;
    expect(stream.getVideoTracks().map((t) => t.id)).toEqual([user.publishes.video!.track.id]);
    expect(stream.getAudioTracks().map((t) => t.id)).toEqual([user.publishes.audio!.track.id]);
  });

  it('reports the first decoded video frame once', async () => {
    const { client, seen } = await joined();
    await publish(client, avatar(), seen);
    await vi.waitFor(() => expect(seen.firstFrames).toBe(1));
  });

  it('drops an unpublished track from the stream', async () => {
    const { client, seen } = await joined();
    const user = avatar();
    await publish(client, user, seen);
    client.emit('user-unpublished', user, 'audio');
    const stream = seen.streams.at(-1)!;
    expect(stream.getAudioTracks()).toHaveLength(0);
    expect(stream.getVideoTracks()).toHaveLength(1);
  });

  it('hands out a new stream when the SDK replaces a track underneath', async () => {
    const { client, seen } = await joined();
    const user = avatar();
    await publish(client, user, seen);
    const replacement = liveVideoTrack();
    cleanups.push(replacement.stop);
    user.publishes.video!.replace(replacement.track);
    const stream = seen.streams.at(-1)!;
    expect(stream.getVideoTracks().map((t) => t.id)).toEqual([replacement.track.id]);
    expect(stream.getAudioTracks()).toHaveLength(1);
  });

  it('derives speaking from the avatar audio level, with hysteresis', async () => {
    const { client, seen } = await joined({ volumePollMs: 10, speaking: { holdMs: 60 } });
    const user = avatar();
    await publish(client, user, seen);
    const audio = user.publishes.audio!;
    audio.level = 0.4;
    await vi.waitFor(() => expect(seen.speaking).toEqual([true]));
    audio.level = 0.045; // between the thresholds: still speaking
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(seen.speaking).toEqual([true]);
    audio.level = 0;
    await vi.waitFor(() => expect(seen.speaking).toEqual([true, false]));
  });

  it('ignores media from anyone but the avatar', async () => {
    const { client, seen } = await joined();
    await publish(client, avatar(9000), seen);
    client.emit('user-published', avatar(123), 'video');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(client.subscribed.filter(([uid]) => uid === 123)).toEqual([]);
  });

  it('ends with network when subscribing fails', async () => {
    const { client, seen } = await joined();
    client.subscribeResult = () => Promise.reject(new Error('SUBSCRIBE_FAILED'));
    client.emit('user-published', avatar(), 'video');
    await vi.waitFor(() => expect(seen.ended).toHaveLength(1));
    expect(seen.ended[0]![0]).toBe('network');
    expect(client.leaveCalls).toBe(1);
  });
});

describe('AgoraTransport events', () => {
  it('maps reconnecting and recovery to connection states', async () => {
    const { client, seen } = await joined();
    client.emit('connection-state-change', 'RECONNECTING', 'CONNECTED');
    client.emit('connection-state-change', 'CONNECTED', 'RECONNECTING');
    expect(seen.connection).toEqual(['reconnecting', 'connected']);
  });

  it.each([
    ['NETWORK_ERROR', 'network'],
    ['TOKEN_EXPIRE', 'expired'],
    ['UID_BANNED', 'upstream'],
    ['LEAVE', 'upstream'],
  ] as const)('ends with %s as %s, releasing the client', async (sdkReason, reason) => {
    const { client, seen } = await joined();
    client.emit('connection-state-change', 'DISCONNECTED', 'RECONNECTING', sdkReason);
    expect(seen.ended.map(([r]) => r)).toEqual([reason]);
    await vi.waitFor(() => expect(client.leaveCalls).toBe(1));
    expect(client.listenerCount()).toBe(0);
  });

  it('warns before the token expires and ends when it has', async () => {
    const { client, seen } = await joined();
    client.emit('token-privilege-will-expire');
    expect(seen.tokenExpiring).toBe(1);
    client.emit('token-privilege-did-expire');
    expect(seen.ended.map(([r]) => r)).toEqual(['expired']);
  });

  it('ends upstream when the avatar leaves the channel', async () => {
    const { client, seen } = await joined();
    const user = avatar();
    await publish(client, user, seen);
    client.emit('user-left', { uid: 555 }, 'Quit');
    expect(seen.ended).toEqual([]);
    client.emit('user-left', user, 'Quit');
    expect(seen.ended.map(([r]) => r)).toEqual(['upstream']);
  });

});

/** A2E's QA stream message as the SDK hands it over: UTF-8 JSON bytes. */
const qa = (message: string, pos?: 'start' | 'middle' | 'end') =>
  new TextEncoder().encode(JSON.stringify(pos ? { type: 'QA', message, pos } : { type: 'QA', message }));

describe("AgoraTransport: the avatar's answers (QA stream messages)", () => {
  it('grows an answer sent in pieces and gives it whole once, a piece over 1 KB reassembled from its parts', async () => {
    const { client, seen } = await joined();
    await publish(client, avatar(), seen);
    const long = `${'and much more '.repeat(90)}`;
    const content = btoa(JSON.stringify({ type: 'QA', message: long, pos: 'middle' }));
    const third = Math.ceil(content.length / 3);
    const parts = [0, 1, 2].map((i) => new TextEncoder().encode(`q7|${i + 1}|3|${content.slice(i * third, (i + 1) * third)}`));

    client.emit('stream-message', 9000, qa('Returns are accepted ', 'start'));
    client.emit('stream-message', 9000, qa('within 30 days ', 'middle'));
    client.emit('stream-message', 9000, parts[2]);
    client.emit('stream-message', 9000, parts[0]);
    expect(seen.partials).toEqual(['Returns are accepted', 'Returns are accepted within 30 days']);
    client.emit('stream-message', 9000, parts[1]);
    client.emit('stream-message', 9000, qa('with a receipt.', 'end'));
    expect(seen.partials).toHaveLength(3);
    expect(seen.partials[2]).toBe(`Returns are accepted within 30 days ${long}`.trim());
    expect(seen.texts).toEqual([`Returns are accepted within 30 days ${long}with a receipt.`]);
  });

  it('keeps pieces that arrive out of order to one answer each', async () => {
    const { client, seen } = await joined();
    await publish(client, avatar(), seen);
    client.emit('stream-message', 9000, qa('at nine ', 'middle'));
    client.emit('stream-message', 9000, qa('We open ', 'start'));
    client.emit('stream-message', 9000, qa('on weekdays.', 'end'));
    // A second start while one is open: the first answer's end never came.
    client.emit('stream-message', 9000, qa('Shipping is ', 'start'));
    client.emit('stream-message', 9000, qa('Returns take ', 'start'));
    client.emit('stream-message', 9000, qa('30 days.', 'end'));
    expect(seen.texts).toEqual(['We open at nine on weekdays.', 'Shipping is', 'Returns take 30 days.']);
  });

  it('closes an answer whose end never comes once the avatar falls silent', async () => {
    const { client, seen } = await joined({ volumePollMs: 10, speaking: { holdMs: 30 }, qa: { silenceGraceMs: 40 } });
    const user = avatar();
    await publish(client, user, seen);
    client.emit('stream-message', 9000, qa('We open ', 'start'));
    user.publishes.audio!.level = 0.5;
    await vi.waitFor(() => expect(seen.speaking).toEqual([true]));
    client.emit('stream-message', 9000, qa('at nine.', 'middle'));
    expect(seen.texts).toEqual([]);
    user.publishes.audio!.level = 0;
    await vi.waitFor(() => expect(seen.speaking).toEqual([true, false]));
    await vi.waitFor(() => expect(seen.texts).toEqual(['We open at nine.']));
    expect(seen.partials).toEqual(['We open', 'We open at nine.']);
  });

  it('closes an answer whose end never comes when the next answer starts', async () => {
    const { client, seen } = await joined();
    await publish(client, avatar(), seen);
    client.emit('stream-message', 9000, qa('We open ', 'start'));
    client.emit('stream-message', 9000, qa('at nine.', 'middle'));
    client.emit('stream-message', 9000, qa('Anything ', 'start'));
    expect(seen.texts).toEqual(['We open at nine.']);
    client.emit('stream-message', 9000, qa('else?', 'end'));
    expect(seen.texts).toEqual(['We open at nine.', 'Anything else?']);
  });

  it('takes a message without pos as a whole answer', async () => {
    const { client, seen } = await joined();
    await publish(client, avatar(), seen);
    client.emit('stream-message', 9000, qa('We open at nine.'));
    expect(seen.texts).toEqual(['We open at nine.']);
    expect(seen.partials).toEqual([]);
  });

  it("ignores other message types, garbage and anyone's messages but the avatar's", async () => {
    const { client, seen } = await joined();
    await publish(client, avatar(), seen);
    const encode = (text: string) => new TextEncoder().encode(text);
    client.emit('stream-message', 9000, encode(JSON.stringify({ object: 'assistant.transcription', text: 'another format' })));
    client.emit('stream-message', 9000, encode(JSON.stringify({ type: 'QA', message: 7, pos: 'start' })));
    client.emit('stream-message', 9000, encode('not json at all'));
    client.emit('stream-message', 9000, new Uint8Array([0xff, 0xfe, 0x00]));
    client.emit('stream-message', 9000, encode('q1|1|2|%%%'));
    client.emit('stream-message', 123, qa('Not from the avatar.'));
    expect(seen.texts).toEqual([]);
    expect(seen.partials).toEqual([]);
  });
});

describe('AgoraTransport leave', () => {
  it('removes every listener, stops every track it handed out, leaves once and goes quiet', async () => {
    const { client, seen, transport } = await joined({ volumePollMs: 10 });
    const user = avatar();
    await publish(client, user, seen);
    await transport.leave();
    await transport.leave();
    expect(client.leaveCalls).toBe(1);
    expect(client.listenerCount()).toBe(0);
    expect(user.publishes.video!.listenerCount() + user.publishes.audio!.listenerCount()).toBe(0);
    for (const track of seen.streams.at(-1)!.getTracks()) expect(track.readyState).toBe('ended');
    user.publishes.audio!.level = 0.9;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(seen.speaking).toEqual([]);
    expect(seen.ended).toEqual([]);
  });
});
