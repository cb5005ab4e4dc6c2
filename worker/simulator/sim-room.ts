import { DurableObject } from 'cloudflare:workers';
import type { Env } from '../env';
import {
  PING_FRAME,
  PONG_FRAME,
  ROOM_DROP_CLOSE_CODE,
  type AvatarAppearance,
  type ClientMessage,
  type RoomCloseReason,
  type RoomMessage,
  type Utterance,
} from '../../protocol/room-messages';
import { qaPieces } from './qa-pieces';
import { renderLeadMs, scheduleUtterance } from './utterance-timing';
import { simulatorState } from './sim-stubs';
import { sameSecret } from '../same-secret';

export interface RoomInfo {
  channel: string;
  /** The channel's RTC credentials (the ones agora-token returned), which a join must bring. */
  token: string;
  uid: number;
  avatarId: string;
  avatarName: string;
  appearance: AvatarAppearance;
  expiresAt: number;
}

interface StoredInfo extends RoomInfo {
  closedReason: RoomCloseReason | null;
}

/** Kept on each socket so it survives hibernation. */
interface SocketAttachment {
  uid: number;
  joinedAt: number;
}

/** Why a join was refused, in the `X-Join-Refused` header of the room's answer (media-routes.ts words it). */
export type JoinRefusal = 'unknown' | 'closed' | 'forbidden';
export const JOIN_REFUSED_HEADER = 'X-Join-Refused';

/** Errors do not keep their class across RPC, so `say` answers with a result instead. */
export type SayResult = { ok: true; utterance: Utterance } | { ok: false; reason: RoomCloseReason | 'unopened' };

const INFO_KEY = 'info';
const QUEUE_KEY = 'queue';

/**
 * One simulated streaming channel (`idFromName(channel)`): the media plane the widget's simulator
 * transport joins by WebSocket. It broadcasts what the avatar says with start and end times,
 * and an answer's text as A2E's QA stream messages while it is said; queues utterances behind
 * each other, cuts them short on interrupt, and closes on leave or at the channel's expiry (an
 * alarm). Sockets use the hibernation API, so an idle room costs nothing.
 */
export class SimRoom extends DurableObject<Env> {
  /**
   * Timers of the QA pieces still to send, by utterance. In memory only: a room evicted
   * mid-answer loses the rest of it, and the widget closes that answer when the avatar falls
   * silent, as it must when A2E's `end` never comes.
   */
  private readonly pieceTimers = new Map<string, ReturnType<typeof setTimeout>[]>();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    // Keep-alives are answered by the runtime without waking the room.
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair(PING_FRAME, PONG_FRAME));
  }

  /** Opens the room for a new channel and schedules its expiry. */
  async open(info: RoomInfo): Promise<void> {
    this.ctx.storage.kv.put<StoredInfo>(INFO_KEY, { ...info, closedReason: null });
    this.ctx.storage.kv.delete(QUEUE_KEY);
    await this.ctx.storage.setAlarm(info.expiresAt);
  }

  /** The avatar says `text`: queued behind what it is saying, broadcast to every socket. */
  say(kind: Utterance['kind'], text: string): SayResult {
    const info = this.ctx.storage.kv.get<StoredInfo>(INFO_KEY);
    if (!info || info.closedReason) return { ok: false, reason: info?.closedReason ?? 'unopened' };
    const now = Date.now();
    const queue = this.pending(now);
    const utterance: Utterance = {
      id: crypto.randomUUID(),
      kind,
      text,
      ...scheduleUtterance(text, now, queue.at(-1)?.endAt ?? 0, renderLeadMs(this.env)),
    };
    this.ctx.storage.kv.put(QUEUE_KEY, [...queue, utterance]);
    this.broadcast({ type: 'utterance', ...utterance });
    if (kind === 'answer') this.streamAnswer(utterance);
    return { ok: true, utterance };
  }

  /** Cuts the current utterance short and drops the queued ones; returns their ids. */
  interrupt(): string[] {
    const now = Date.now();
    const queue = this.pending(now);
    this.ctx.storage.kv.delete(QUEUE_KEY);
    for (const utterance of queue) {
      this.stopPieces(utterance.id);
      this.broadcast({ type: 'interrupted', id: utterance.id, at: now });
    }
    return queue.map((utterance) => utterance.id);
  }

  /** Closes the room for good: tells every socket why, then closes it. Returns false if already closed. */
  async close(reason: RoomCloseReason): Promise<boolean> {
    const info = this.ctx.storage.kv.get<StoredInfo>(INFO_KEY);
    if (!info || info.closedReason) return false;
    this.ctx.storage.kv.put<StoredInfo>(INFO_KEY, { ...info, closedReason: reason });
    this.ctx.storage.kv.delete(QUEUE_KEY);
    for (const id of [...this.pieceTimers.keys()]) this.stopPieces(id);
    await this.ctx.storage.deleteAlarm();
    const message = JSON.stringify({ type: 'closed', reason } satisfies RoomMessage);
    for (const socket of this.ctx.getWebSockets()) {
      try {
        socket.send(message);
        socket.close(1000, `room ${reason}`);
      } catch {
        // The socket was already closing; nothing left to tell it.
      }
    }
    return true;
  }

  /** A simulated network fault: drops every socket but keeps the channel open, so clients rejoin. */
  drop(): number {
    const sockets = this.ctx.getWebSockets();
    for (const socket of sockets) {
      try {
        socket.close(ROOM_DROP_CLOSE_CODE, 'dropped by the simulator');
      } catch {
        // Already closing.
      }
    }
    return sockets.length;
  }

  /** The channel's expiry: the only alarm this room ever sets. */
  override async alarm(): Promise<void> {
    const info = this.ctx.storage.kv.get<StoredInfo>(INFO_KEY);
    if (!info) return;
    if (await this.close('expired')) await simulatorState(this.env).closeChannel(info.channel, 'expired');
  }

  /**
   * A WebSocket join with the channel's token and uid (`?token=&uid=`), checked here, in the one
   * call that joins: a refusal answers 403 with its reason in JOIN_REFUSED_HEADER.
   */
  override async fetch(request: Request): Promise<Response> {
    if (request.headers.get('Upgrade')?.toLowerCase() !== 'websocket') {
      return new Response('Expected a WebSocket upgrade.', { status: 426 });
    }
    const query = new URL(request.url).searchParams;
    const uid = Number(query.get('uid'));
    const info = this.ctx.storage.kv.get<StoredInfo>(INFO_KEY);
    const refusal = await joinRefusal(info, query.get('token') ?? '', uid);
    if (refusal || !info) return new Response(null, { status: 403, headers: { [JOIN_REFUSED_HEADER]: refusal ?? 'unknown' } });

    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server);
    server.serializeAttachment({ uid, joinedAt: Date.now() } satisfies SocketAttachment);
    const joined: RoomMessage = {
      type: 'joined',
      channel: info.channel,
      uid,
      avatarId: info.avatarId,
      avatarName: info.avatarName,
      appearance: info.appearance,
      serverTime: Date.now(),
      expiresAt: info.expiresAt,
    };
    server.send(JSON.stringify(joined));
    for (const utterance of this.pending(Date.now())) {
      server.send(JSON.stringify({ type: 'utterance', ...utterance } satisfies RoomMessage));
    }
    return new Response(null, { status: 101, webSocket: client });
  }

  override webSocketMessage(socket: WebSocket, raw: string | ArrayBuffer): void {
    const message = parseClientMessage(raw);
    if (message?.type === 'interrupt') {
      this.interrupt();
      return;
    }
    if (message?.type === 'ping') {
      socket.send(PONG_FRAME);
      return;
    }
    const error: RoomMessage = { type: 'error', message: 'Unknown message; send {"type":"interrupt"} or {"type":"ping"}.' };
    socket.send(JSON.stringify(error));
  }

  override webSocketClose(socket: WebSocket, code: number, reason: string): void {
    try {
      // 1005 and 1006 describe a close that carried no code; they cannot be sent back.
      socket.close(code === 1005 || code === 1006 ? 1000 : code, reason);
    } catch {
      // The runtime already answered the close.
    }
  }

  /** Utterances still playing or queued at `now`. */
  private pending(now: number): Utterance[] {
    return (this.ctx.storage.kv.get<Utterance[]>(QUEUE_KEY) ?? []).filter((utterance) => utterance.endAt > now);
  }

  /** Sends the answer's QA pieces at their times (qa-pieces.ts). */
  private streamAnswer(utterance: Utterance): void {
    const pieces = qaPieces(utterance.text, utterance.startAt, utterance.endAt);
    const timers = pieces.map((piece, i) =>
      setTimeout(
        () => {
          if (i === pieces.length - 1) this.pieceTimers.delete(utterance.id);
          this.broadcast({ type: 'stream-message', data: JSON.stringify(piece.data) });
        },
        Math.max(0, piece.at - Date.now()),
      ),
    );
    this.pieceTimers.set(utterance.id, timers);
  }

  private stopPieces(id: string): void {
    for (const timer of this.pieceTimers.get(id) ?? []) clearTimeout(timer);
    this.pieceTimers.delete(id);
  }

  private broadcast(message: RoomMessage): void {
    const frame = JSON.stringify(message);
    for (const socket of this.ctx.getWebSockets()) {
      try {
        socket.send(frame);
      } catch {
        // A socket that is closing misses the message; its client rejoins and catches up.
      }
    }
  }
}

function parseClientMessage(raw: string | ArrayBuffer): ClientMessage | null {
  if (typeof raw !== 'string') return null;
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value === 'object' && value !== null && 'type' in value) {
      const type = (value as { type: unknown }).type;
      if (type === 'interrupt' || type === 'ping') return { type };
    }
  } catch {
    // Not JSON: answered as an unknown message.
  }
  return null;
}

async function joinRefusal(info: StoredInfo | undefined, token: string, uid: number): Promise<JoinRefusal | undefined> {
  if (!info) return 'unknown';
  if (info.closedReason || info.expiresAt <= Date.now()) return 'closed';
  // Rooms opened before rooms kept their credentials have none: nobody joins those.
  if (!info.token || !(await sameSecret(info.token, token)) || info.uid !== uid) return 'forbidden';
  return undefined;
}
