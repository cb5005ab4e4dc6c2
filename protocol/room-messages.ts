/**
 * Messages of the simulator's media plane. Each simulated streaming channel is a room (a Durable
 * Object) that the widget's simulator transport joins by WebSocket at `roomPath(...)`; the room
 * sends `RoomMessage`s as JSON text frames and the transport renders the avatar from them.
 * Times are epoch milliseconds on the room's clock; `joined.serverTime` lets a client correct
 * for the difference to its own clock.
 */

/** How the simulated avatar looks, so a client can draw the same face as its preview portrait. */
export interface AvatarAppearance {
  /** CSS colours. */
  skin: string;
  hair: string;
  background: string;
  /** Long hair falls to the shoulders; short (the default) stops at the ears. */
  hairStyle?: 'long' | 'short';
}

/**
 * One thing the avatar says: `kind` tells a `speak` (exact text) from an `answer` to a question.
 * It drives the simulated mouth and speaking state; an answer's caption comes from its
 * `stream-message`s, as with A2E, and a speak's from `text` (A2E sends no text of a speak).
 */
export interface Utterance {
  id: string;
  kind: 'speak' | 'answer';
  text: string;
  /** When the avatar starts saying it (later than now when it queues behind another utterance). */
  startAt: number;
  /** When it finishes, unless interrupted: the duration follows the number of words. */
  endAt: number;
}

/** Why a room closed: the session left, or its expiry (`expire_seconds`) passed. */
export type RoomCloseReason = 'left' | 'expired';

export type RoomMessage =
  /** First message on every join (and rejoin). Followed by any utterance still in progress or queued. */
  | {
      type: 'joined';
      channel: string;
      uid: number;
      avatarId: string;
      avatarName: string;
      appearance: AvatarAppearance;
      /** The room's clock when it sent this message. */
      serverTime: number;
      /** When the channel expires. */
      expiresAt: number;
    }
  /** The avatar says `text` from `startAt` to `endAt`. */
  | ({ type: 'utterance' } & Utterance)
  /**
   * What A2E's avatar would send into its Agora channel as a `stream-message`: `data` is the
   * StreamData JSON (protocol/stream-data.ts), the pieces of an answer as they come. Not
   * replayed to a socket that joins later, as an Agora audience member would not get them.
   */
  | { type: 'stream-message'; data: string }
  /** The utterance `id` was cut short (by `interrupt`) or dropped from the queue before it began. */
  | { type: 'interrupted'; id: string; at: number }
  /** The room is closed for good; the room closes every socket right after this message. */
  | { type: 'closed'; reason: RoomCloseReason }
  /** Reply to a client `ping` (answered without waking the room). */
  | { type: 'pong' }
  /** The room could not act on a client message. */
  | { type: 'error'; message: string };

/** What a client may send to the room. */
export type ClientMessage =
  /** Cut the current utterance short and drop the queued ones (the widget's `interrupt()`). */
  | { type: 'interrupt' }
  /** Keep-alive; the room answers `{ "type": "pong" }`. */
  | { type: 'ping' };

/** The exact frames of the keep-alive exchange (the room answers them without waking up). */
export const PING_FRAME = JSON.stringify({ type: 'ping' } satisfies ClientMessage);
export const PONG_FRAME = JSON.stringify({ type: 'pong' } satisfies RoomMessage);

/**
 * WebSocket close code when the room drops its sockets without closing the channel (a simulated
 * network fault): the client should reconnect. After `closed` the room uses 1000 instead.
 */
export const ROOM_DROP_CLOSE_CODE = 1012;

/** Path of a room's WebSocket on the Worker (the broker puts it in `SimulatorRtc.roomUrl`). */
export function roomPath(rtc: { channel: string; token: string; uid: number }): string {
  const query = new URLSearchParams({ token: rtc.token, uid: String(rtc.uid) });
  return `/sim/rooms/${encodeURIComponent(rtc.channel)}?${query}`;
}
