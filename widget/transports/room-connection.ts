import { PING_FRAME, type ClientMessage, type RoomMessage } from '../../protocol/room-messages';
import { TransportError } from './transport';

/** The part of a WebSocket the connection uses, so tests can hand in a scripted one. */
export type RoomSocket = Pick<WebSocket, 'readyState' | 'send' | 'close' | 'addEventListener'>;
export type RoomSocketFactory = (url: string) => RoomSocket;

export interface RoomConnectionHandlers {
  /** Every message the room sends, `joined` included (it comes again after each reconnect). */
  message(message: RoomMessage): void;
  /** The socket dropped unexpectedly; the connection is trying again. */
  reconnecting(): void;
  /** A reconnect succeeded (the room said `joined` again). */
  reconnected(): void;
  /** Every reconnect failed: the room is out of reach. */
  lost(): void;
}

export interface RoomConnectionOptions {
  createSocket?: RoomSocketFactory;
  /** Waits before each reconnect attempt; their count bounds the attempts. */
  retryDelaysMs?: readonly number[];
  /** How often to send a keep-alive; a silent room for two periods counts as a dropped socket. */
  pingIntervalMs?: number;
}

const DEFAULT_RETRY_DELAYS_MS = [250, 500, 1_000, 2_000];
const DEFAULT_PING_INTERVAL_MS = 15_000;
const OPEN = 1;

/**
 * The WebSocket to one simulated room: resolves `open()` on the room's first `joined`,
 * reconnects with bounded backoff after an unexpected drop, and stays closed once the room
 * says `closed` or the owner calls close().
 */
export class RoomConnection {
  private readonly createSocket: RoomSocketFactory;
  private readonly retryDelaysMs: readonly number[];
  private readonly pingIntervalMs: number;
  private socket: RoomSocket | undefined;
  private everJoined = false;
  private attempt = 0;
  private finished = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private lastHeard = 0;
  private opening: { resolve(): void; reject(error: unknown): void } | undefined;

  constructor(
    private readonly url: string,
    private readonly handlers: RoomConnectionHandlers,
    options: RoomConnectionOptions = {},
  ) {
    this.createSocket = options.createSocket ?? ((target) => new WebSocket(target));
    this.retryDelaysMs = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
    this.pingIntervalMs = options.pingIntervalMs ?? DEFAULT_PING_INTERVAL_MS;
  }

  /** Connects; resolves once the room says `joined`, rejects with `join_failed` if it refuses. */
  open(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.opening = { resolve, reject };
      this.connect();
    });
  }

  /** Sends a message if the socket is open; false when it is not (e.g. while reconnecting). */
  send(message: ClientMessage): boolean {
    if (this.finished || this.socket?.readyState !== OPEN) return false;
    this.socket.send(JSON.stringify(message));
    return true;
  }

  /** Closes for good: no reconnect, no more handler calls. Idempotent. */
  close(): void {
    this.finished = true;
    clearTimeout(this.retryTimer);
    clearInterval(this.pingTimer);
    const socket = this.socket;
    this.socket = undefined;
    if (socket && socket.readyState <= OPEN) socket.close(1000, 'client left');
    this.opening?.reject(new TransportError('join_failed', 'The join was abandoned.'));
    this.opening = undefined;
  }

  private connect(): void {
    let socket: RoomSocket;
    try {
      socket = this.createSocket(this.url);
    } catch (error) {
      this.dropped(`could not open the socket (${error instanceof Error ? error.message : String(error)})`);
      return;
    }
    this.socket = socket;
    socket.addEventListener('message', (event) => {
      if (socket !== this.socket || this.finished) return;
      this.lastHeard = Date.now();
      const message = parse((event as MessageEvent).data);
      if (message) this.received(message);
    });
    socket.addEventListener('close', (event) => {
      if (socket !== this.socket || this.finished) return;
      this.socket = undefined;
      clearInterval(this.pingTimer);
      this.dropped(`closed with code ${(event as CloseEvent).code}`);
    });
    // An 'error' is always followed by 'close', which does the work.
  }

  private received(message: RoomMessage): void {
    if (message.type === 'joined') {
      this.attempt = 0;
      this.keepAlive();
      if (!this.everJoined) {
        this.everJoined = true;
        this.opening?.resolve();
        this.opening = undefined;
        this.handlers.message(message);
        return;
      }
      this.handlers.message(message);
      this.handlers.reconnected();
      return;
    }
    if (message.type === 'closed') {
      // The room closes the socket right after; that close is expected, not a drop.
      this.finished = true;
      clearInterval(this.pingTimer);
    }
    this.handlers.message(message);
  }

  private dropped(why: string): void {
    if (!this.everJoined) {
      // A refused upgrade (403, 404, 410) reaches a browser only as a close before any message.
      this.finished = true;
      this.opening?.reject(new TransportError('join_failed', `The avatar's room refused the connection: ${why}.`));
      this.opening = undefined;
      return;
    }
    const delay = this.retryDelaysMs[this.attempt];
    if (delay === undefined) {
      this.finished = true;
      this.handlers.lost();
      return;
    }
    if (this.attempt === 0) this.handlers.reconnecting();
    this.attempt += 1;
    this.retryTimer = setTimeout(() => {
      if (!this.finished) this.connect();
    }, delay);
  }

  private keepAlive(): void {
    clearInterval(this.pingTimer);
    this.lastHeard = Date.now();
    this.pingTimer = setInterval(() => {
      const socket = this.socket;
      if (!socket || this.finished) return;
      if (Date.now() - this.lastHeard > 2 * this.pingIntervalMs) {
        // Half-open: the network went away without a close frame. Treat it as a drop.
        this.socket = undefined;
        clearInterval(this.pingTimer);
        socket.close(4000, 'no answer to keep-alive');
        this.dropped('no answer to keep-alives');
        return;
      }
      if (socket.readyState === OPEN) socket.send(PING_FRAME);
    }, this.pingIntervalMs);
  }
}

function parse(data: unknown): RoomMessage | undefined {
  if (typeof data !== 'string') return undefined;
  try {
    const value: unknown = JSON.parse(data);
    if (typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string') {
      return value as RoomMessage;
    }
  } catch {
    // Not JSON: not a room message.
  }
  return undefined;
}
