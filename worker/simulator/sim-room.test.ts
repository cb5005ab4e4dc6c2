import { evictDurableObject, runDurableObjectAlarm } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { streamingEndpoints as endpoints } from '../catalogue/streaming-endpoints';
import { ROOM_DROP_CLOSE_CODE, roomPath, type RoomMessage } from '../../protocol/room-messages';
import { parseStreamData, type StreamData } from '../../protocol/stream-data';
import { SIM_AVATARS } from './sim-avatars';
import { simRoom } from './sim-stubs';
import { speechDurationMs } from './utterance-timing';
import { a2eJson, createChannel, env, joinRoom, sim, stats } from './test-support';

describe('joining a room', () => {
  it('greets a joined socket with the channel, the avatar and the room clock', async () => {
    const avatar = SIM_AVATARS[1]!;
    const channel = await createChannel(avatar._id);
    const before = Date.now();
    const room = await joinRoom(channel);
    const joined = await room.next('joined');
    expect(joined).toMatchObject({
      channel: channel.channel,
      uid: channel.uid,
      avatarId: avatar._id,
      avatarName: avatar.name,
      appearance: avatar.appearance,
    });
    expect(joined.serverTime).toBeGreaterThanOrEqual(before);
    expect(joined.expiresAt).toBeGreaterThan(joined.serverTime);
  });

  it('refuses a wrong token, a wrong uid, an unknown channel and a plain GET in the error shape', async () => {
    const channel = await createChannel();
    const upgrade = { headers: { Upgrade: 'websocket' } };
    const cases: Array<[string, RequestInit, number, string]> = [
      [roomPath({ ...channel, token: 'not-the-token' }), upgrade, 403, 'forbidden'],
      [roomPath({ ...channel, uid: channel.uid + 1 }), upgrade, 403, 'forbidden'],
      [`/sim/rooms/${channel.channel}?uid=${channel.uid}`, upgrade, 401, 'unauthorized'],
      [roomPath({ ...channel, channel: 'sim_nope' }), upgrade, 404, 'not_found'],
      [roomPath(channel), {}, 426, 'bad_request'],
    ];
    for (const [path, init, status, code] of cases) {
      const res = await sim(path, init);
      expect(res.status, path).toBe(status);
      const body = (await res.json()) as { error: { code: string; message: string; requestId: string } };
      expect(body.error.code, path).toBe(code);
      expect(body.error.requestId).toMatch(/\S/);
    }
  });

  it('refuses to join a room that has closed, with its own credentials', async () => {
    const channel = await createChannel();
    await a2eJson(endpoints.leave.path, { body: { channel: channel.channel, uid: channel.uid } });
    const res = await sim(roomPath(channel), { headers: { Upgrade: 'websocket' } });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('session_ended');
  });
});

describe('speak and ask broadcast to the room', () => {
  it('broadcasts speak with start and end times that follow the words', async () => {
    const channel = await createChannel();
    const room = await joinRoom(channel);
    await room.next('joined');
    const text = 'Welcome to the shop. I can help you find the right bicycle for your commute today.';
    const sentAt = Date.now();
    const reply = await a2eJson(endpoints.speak.path, { body: { channel: channel.channel, text } });
    expect(reply.code).toBe(0);

    const utterance = await room.next('utterance');
    expect(utterance).toMatchObject({ kind: 'speak', text });
    expect(utterance.startAt).toBeGreaterThan(sentAt);
    expect(utterance.endAt - utterance.startAt).toBe(speechDurationMs(text));
  });

  it('queues a second utterance behind the first', async () => {
    const channel = await createChannel();
    const room = await joinRoom(channel);
    await a2eJson(endpoints.speak.path, { body: { channel: channel.channel, text: 'First things first.' } });
    await a2eJson(endpoints.speak.path, { body: { channel: channel.channel, text: 'Then the second thing.' } });
    const first = await room.next('utterance');
    const second = await room.next('utterance');
    expect(second.text).toBe('Then the second thing.');
    expect(second.startAt).toBe(first.endAt);
  });

  it('broadcasts the answer to a question, drawn from the QA context', async () => {
    const channel = await createChannel();
    const room = await joinRoom(channel);
    await a2eJson(endpoints.setQaContext.path, {
      body: {
        channel: channel.channel,
        text: 'Our store opens at 9 am. Returns are accepted within 30 days with a receipt. Shipping is free over 50 euros.',
      },
    });
    // A2E's ask reply carries no answer: the room says it.
    const reply = await a2eJson(endpoints.ask.path, {
      body: { channel: channel.channel, text: 'Can I return a jacket after two weeks?' },
    });
    expect(reply).toMatchObject({ code: 0, data: {} });

    const utterance = await room.next('utterance');
    expect(utterance).toMatchObject({ kind: 'answer', text: 'Returns are accepted within 30 days with a receipt.' });
    expect(utterance.endAt).toBeGreaterThan(utterance.startAt);
  });

  it('sends a late joiner the utterance in progress', async () => {
    const channel = await createChannel();
    const long = Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ');
    await a2eJson(endpoints.speak.path, { body: { channel: channel.channel, text: long } });
    const room = await joinRoom(channel);
    await room.next('joined');
    expect(await room.next('utterance')).toMatchObject({ kind: 'speak', text: long });
  });

  it('reaches every socket of the room, and only that room', async () => {
    const channel = await createChannel();
    const other = await createChannel();
    const [a, b, outsider] = await Promise.all([joinRoom(channel), joinRoom(channel), joinRoom(other)]);
    await a2eJson(endpoints.speak.path, { body: { channel: channel.channel, text: 'Hello both of you.' } });
    expect((await a.next('utterance')).text).toBe('Hello both of you.');
    expect((await b.next('utterance')).text).toBe('Hello both of you.');
    await a2eJson(endpoints.speak.path, { body: { channel: other.channel, text: 'Only for the outsider.' } });
    expect((await outsider.next('utterance')).text).toBe('Only for the outsider.');
  });
});

describe("an answer's text as A2E's QA stream messages", () => {
  const pieces = (messages: RoomMessage[]): StreamData[] =>
    messages.flatMap((message) => (message.type === 'stream-message' ? [parseStreamData(message.data)!] : []));

  it('sends the pieces of an answer while it is said, after its utterance, joining to its text', async () => {
    const channel = await createChannel();
    const room = await joinRoom(channel);
    await room.next('joined');
    const text = 'Returns are accepted within thirty days with a receipt.';
    const said = await simRoom(env, channel.channel).say('answer', text);
    expect(said.ok).toBe(true);
    await room.next('utterance');
    for (let i = 0; i < 3; i++) await room.next('stream-message', 6_000);
    const sent = pieces(room.messages);
    expect(sent.map((piece) => piece.pos)).toEqual(['start', 'middle', 'end']);
    expect(sent.map((piece) => piece.message).join('')).toBe(text);
    expect(room.messages.findIndex((m) => m.type === 'utterance')).toBeLessThan(room.messages.findIndex((m) => m.type === 'stream-message'));
  }, 15_000);

  it('sends no stream messages for a speak, whose text travels in its utterance', async () => {
    const channel = await createChannel();
    const room = await joinRoom(channel);
    await room.next('joined');
    await simRoom(env, channel.channel).say('speak', 'Welcome.');
    await simRoom(env, channel.channel).say('answer', 'We open at nine.');
    // The short answer's one message (no pos) comes when it starts, after the speak.
    expect(parseStreamData((await room.next('stream-message')).data)).toEqual({ type: 'QA', message: 'We open at nine.' });
    expect(pieces(room.messages)).toHaveLength(1);
  });

  it('stops sending the pieces of an answer that was interrupted', async () => {
    const channel = await createChannel();
    const room = await joinRoom(channel);
    await room.next('joined');
    const said = await simRoom(env, channel.channel).say('answer', 'one two three four five six seven eight nine');
    if (!said.ok) throw new Error('the room is not open');
    expect(parseStreamData((await room.next('stream-message')).data)?.pos).toBe('start');
    room.send({ type: 'interrupt' });
    await room.next('interrupted');
    // Wait past the time the last piece was due, then make sure it never came.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, said.utterance.endAt - Date.now())));
    room.send({ type: 'ping' });
    await room.next('pong');
    expect(pieces(room.messages).map((piece) => piece.pos)).toEqual(['start']);
  }, 15_000);
});

describe('hibernation', () => {
  it('keeps serving its sockets after the room is evicted from memory', async () => {
    const channel = await createChannel();
    const room = await joinRoom(channel);
    await room.next('joined');
    await evictDurableObject(simRoom(env, channel.channel));

    await a2eJson(endpoints.speak.path, { body: { channel: channel.channel, text: 'Still awake.' } });
    expect((await room.next('utterance')).text).toBe('Still awake.');
    room.send({ type: 'interrupt' });
    expect((await room.next('interrupted')).at).toBeGreaterThan(0);
  });
});

describe('interrupt', () => {
  it('cuts the current utterance short and drops the queued one, telling every socket', async () => {
    const channel = await createChannel();
    const [speaker, listener] = await Promise.all([joinRoom(channel), joinRoom(channel)]);
    await a2eJson(endpoints.speak.path, { body: { channel: channel.channel, text: 'A long story about many things.' } });
    await a2eJson(endpoints.speak.path, { body: { channel: channel.channel, text: 'And a queued epilogue.' } });
    const first = await listener.next('utterance');
    const second = await listener.next('utterance');

    speaker.send({ type: 'interrupt' });
    const cut = [await listener.next('interrupted'), await listener.next('interrupted')];
    expect(cut.map((message) => message.id)).toEqual([first.id, second.id]);

    // Nothing is left to replay to someone joining now.
    const late = await joinRoom(channel);
    await late.next('joined');
    await a2eJson(endpoints.speak.path, { body: { channel: channel.channel, text: 'Fresh start.' } });
    expect((await late.next('utterance')).text).toBe('Fresh start.');
  });

  it('answers ping with pong and an unknown message with an error', async () => {
    const room = await joinRoom(await createChannel());
    await room.next('joined');
    room.send({ type: 'ping' });
    expect(await room.next()).toEqual({ type: 'pong' });
    room.send('not json');
    expect((await room.next()).type).toBe('error');
  });
});

describe('closing the room', () => {
  it('leave sends closed, closes every socket and the channel', async () => {
    const channel = await createChannel();
    const room = await joinRoom(channel);
    await room.next('joined');
    const open = (await stats()).openChannels;

    const reply = await a2eJson(endpoints.leave.path, { body: { channel: channel.channel, uid: channel.uid } });
    expect(reply.code).toBe(0);
    expect(await room.next('closed')).toEqual({ type: 'closed', reason: 'left' });
    expect((await room.closed).code).toBe(1000);
    expect((await stats()).openChannels).toBe(open - 1);

    const speak = await a2eJson(endpoints.speak.path, { body: { channel: channel.channel, text: 'Anyone there?' } });
    expect(speak.code).not.toBe(0);
    const rejoin = await sim(roomPath(channel), { headers: { Upgrade: 'websocket' } });
    expect(rejoin.status).toBe(404);
  });

  it('the expiry alarm closes the room and the channel', async () => {
    const channel = await createChannel(SIM_AVATARS[2]!._id, 60);
    const room = await joinRoom(channel);
    await room.next('joined');

    expect(await runDurableObjectAlarm(simRoom(env, channel.channel))).toBe(true);
    expect(await room.next('closed')).toEqual({ type: 'closed', reason: 'expired' });
    await room.closed;
    const speak = await a2eJson(endpoints.speak.path, { body: { channel: channel.channel, text: 'Too late.' } });
    expect(speak.code).toBe(410);
    expect(speak.msg).toMatch(/expired/);
  });

  it('a dropped room closes its sockets for a reconnect but keeps the channel', async () => {
    const channel = await createChannel();
    const room = await joinRoom(channel);
    await room.next('joined');
    const res = await sim(`/sim/rooms/${channel.channel}/drop`, { method: 'POST' });
    expect(await res.json()).toEqual({ dropped: 1 });
    expect((await room.closed).code).toBe(ROOM_DROP_CLOSE_CODE);
    expect(room.messages.some((message) => message.type === 'closed')).toBe(false);

    const again = await joinRoom(channel);
    await again.next('joined');
    await a2eJson(endpoints.speak.path, { body: { channel: channel.channel, text: 'Welcome back.' } });
    expect((await again.next('utterance')).text).toBe('Welcome back.');
  });
});
