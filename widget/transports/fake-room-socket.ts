import type { RoomMessage } from '../../protocol/room-messages';
import type { RoomSocket } from './room-connection';

/**
 * A scripted WebSocket for unit tests of the simulator transport (browser tests have no server
 * to connect to): a test plays the room's side with `deliver` and `drop`.
 */
export class FakeRoomSocket implements RoomSocket {
  readyState: number = 0;
  readonly sent: unknown[] = [];
  closedWith: [code: number | undefined, reason: string | undefined] | undefined;
  private readonly listeners = new Map<string, ((event: Event) => void)[]>();

  constructor(readonly url: string) {}

  addEventListener(type: string, listener: EventListenerOrEventListenerObject): void {
    const handler = typeof listener === 'function' ? listener : (event: Event) => listener.handleEvent(event);
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), handler]);
  }

  send(data: string | ArrayBufferLike | Blob | ArrayBufferView): void {
    if (this.readyState !== 1) throw new Error('send on a socket that is not open');
    this.sent.push(JSON.parse(String(data)));
  }

  close(code?: number, reason?: string): void {
    this.closedWith = [code, reason];
    this.readyState = 3;
  }

  /** The room accepts the socket. */
  accept(): void {
    this.readyState = 1;
    this.fire('open', new Event('open'));
  }

  deliver(message: RoomMessage): void {
    this.fire('message', new MessageEvent('message', { data: JSON.stringify(message) }));
  }

  /** The server (or the network) closes the socket. */
  drop(code = 1006): void {
    this.readyState = 3;
    this.fire('close', new CloseEvent('close', { code }));
  }

  private fire(type: string, event: Event): void {
    for (const listener of this.listeners.get(type) ?? []) listener(event);
  }
}

/** Hands out fake sockets and remembers them, newest last. */
export class FakeRoomSockets {
  readonly made: FakeRoomSocket[] = [];
  readonly create = (url: string): FakeRoomSocket => {
    const socket = new FakeRoomSocket(url);
    this.made.push(socket);
    return socket;
  };
  get last(): FakeRoomSocket {
    const socket = this.made.at(-1);
    if (!socket) throw new Error('no socket was opened');
    return socket;
  }
}

export function joinedMessage(overrides: Partial<Extract<RoomMessage, { type: 'joined' }>> = {}): RoomMessage {
  return {
    type: 'joined',
    channel: 'sim-channel',
    uid: 7,
    avatarId: 'avatar-1',
    avatarName: 'Ada',
    appearance: { skin: '#e8b98f', hair: '#2d1d14', background: '#d8e6f2' },
    serverTime: Date.now(),
    expiresAt: Date.now() + 600_000,
    ...overrides,
  };
}
