/**
 * Messages of the simulator's media plane: the room (a Durable Object) sends these over its
 * WebSocket to the widget's simulator transport, which renders the avatar from them.
 */
export type RoomMessage =
  | { type: 'joined'; channel: string; avatarId: string; avatarName: string }
  /** The avatar starts saying `text` at `startAt` (epoch ms) and ends at `endAt`. */
  | { type: 'utterance'; id: string; kind: 'speak' | 'answer'; text: string; startAt: number; endAt: number }
  /** The current utterance was cut short. */
  | { type: 'interrupted'; id: string }
  /** The room is closed: the session left, expired or was ended by the broker. */
  | { type: 'closed'; reason: string };
