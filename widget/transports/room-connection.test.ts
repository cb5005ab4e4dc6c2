import { describe, expect, it, vi } from 'vitest';
import type { RoomMessage } from '../../protocol/room-messages';
import { FakeRoomSockets, joinedMessage } from './fake-room-socket';
import { RoomConnection } from './room-connection';
import { TransportError } from './transport';

function connection(options: { retryDelaysMs?: number[]; pingIntervalMs?: number } = {}) {
  const sockets = new FakeRoomSockets();
  const seen = { messages: [] as RoomMessage[], reconnecting: 0, reconnected: 0, lost: 0 };
  const room = new RoomConnection(
    'ws://broker.example/sim/rooms/c?token=t&uid=7',
    {
      message: (message) => seen.messages.push(message),
      reconnecting: () => seen.reconnecting++,
      reconnected: () => seen.reconnected++,
      lost: () => seen.lost++,
    },
    { createSocket: sockets.create, retryDelaysMs: options.retryDelaysMs ?? [5, 5, 5], pingIntervalMs: options.pingIntervalMs ?? 60_000 },
  );
  return { room, sockets, seen };
}

describe('RoomConnection', () => {
  it('opens once the room says joined, and passes messages on', async () => {
    const { room, sockets, seen } = connection();
    const opened = room.open();
    expect(sockets.last.url).toBe('ws://broker.example/sim/rooms/c?token=t&uid=7');
    sockets.last.accept();
    sockets.last.deliver(joinedMessage());
    await opened;
    sockets.last.deliver({ type: 'utterance', id: 'u1', kind: 'speak', text: 'Hi', startAt: 1, endAt: 2 });
    expect(seen.messages.map((m) => m.type)).toEqual(['joined', 'utterance']);
    room.close();
  });

  it('fails the open with join_failed when the room refuses the socket', async () => {
    const { room, sockets } = connection();
    const opened = room.open();
    sockets.last.drop(1006);
    const error = await opened.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).code).toBe('join_failed');
    expect(sockets.made).toHaveLength(1);
  });

  it('reconnects after an unexpected drop and reports recovery', async () => {
    const { room, sockets, seen } = connection();
    const opened = room.open();
    sockets.last.accept();
    sockets.last.deliver(joinedMessage());
    await opened;
    sockets.last.drop(1012);
    expect(seen.reconnecting).toBe(1);
    await vi.waitFor(() => expect(sockets.made).toHaveLength(2));
    sockets.last.accept();
    sockets.last.deliver(joinedMessage());
    expect(seen.reconnected).toBe(1);
    room.close();
  });

  it('gives up after the bounded attempts and reports the room lost', async () => {
    const { room, sockets, seen } = connection({ retryDelaysMs: [5, 5] });
    const opened = room.open();
    sockets.last.accept();
    sockets.last.deliver(joinedMessage());
    await opened;
    sockets.last.drop();
    await vi.waitFor(() => expect(sockets.made).toHaveLength(2));
    sockets.last.drop();
    await vi.waitFor(() => expect(sockets.made).toHaveLength(3));
    sockets.last.drop();
    await vi.waitFor(() => expect(seen.lost).toBe(1));
    expect(seen.reconnecting).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(sockets.made).toHaveLength(3);
  });

  it('does not reconnect after the room says closed', async () => {
    const { room, sockets, seen } = connection();
    const opened = room.open();
    sockets.last.accept();
    sockets.last.deliver(joinedMessage());
    await opened;
    sockets.last.deliver({ type: 'closed', reason: 'expired' });
    sockets.last.drop(1000);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(sockets.made).toHaveLength(1);
    expect(seen.reconnecting).toBe(0);
    expect(seen.messages.at(-1)).toEqual({ type: 'closed', reason: 'expired' });
  });

  it('sends client messages only while open, and close() closes the socket for good', async () => {
    const { room, sockets, seen } = connection();
    const opened = room.open();
    expect(room.send({ type: 'interrupt' })).toBe(false);
    sockets.last.accept();
    sockets.last.deliver(joinedMessage());
    await opened;
    expect(room.send({ type: 'interrupt' })).toBe(true);
    expect(sockets.last.sent).toEqual([{ type: 'interrupt' }]);
    room.close();
    room.close();
    expect(sockets.last.closedWith?.[0]).toBe(1000);
    sockets.last.deliver({ type: 'closed', reason: 'left' });
    expect(seen.messages.map((m) => m.type)).toEqual(['joined']);
    expect(room.send({ type: 'interrupt' })).toBe(false);
  });

  it('keeps the socket alive with pings and treats a silent room as a drop', async () => {
    const { room, sockets, seen } = connection({ pingIntervalMs: 20, retryDelaysMs: [5] });
    const opened = room.open();
    sockets.last.accept();
    sockets.last.deliver(joinedMessage());
    await opened;
    const first = sockets.last;
    await vi.waitFor(() => expect(first.sent).toContainEqual({ type: 'ping' }));
    // The room never answers: after two silent periods the socket counts as dropped.
    await vi.waitFor(() => expect(seen.reconnecting).toBe(1));
    expect(first.closedWith?.[0]).toBe(4000);
    room.close();
  });
});
