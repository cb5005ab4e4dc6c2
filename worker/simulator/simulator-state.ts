import { DurableObject } from 'cloudflare:workers';
import type { Env } from '../env';
import type { RoomCloseReason } from '../../protocol/room-messages';
import { applyPatch, NO_FAULTS, takeFault, type CallPlan, type FaultPatch, type FaultSwitches } from './fault-switches';
import { RECEIVED_KEPT, type SttReceived, type SttReply } from './stt/stt-script';

/** A streaming channel as the simulated account knows it. */
export interface SimChannel {
  channel: string;
  avatarId: string;
  uid: number;
  token: string;
  expiresAt: number;
  /** Null while open; a channel past its expiry reads as 'expired' even before its alarm ran. */
  closedReason: RoomCloseReason | null;
  context: string;
}

export interface SimStats {
  openChannels: number;
  calls: Record<string, number>;
}

const FAULTS_KEY = 'faults';
const TICKET_SECRET_KEY = 'ticket-secret';
const STT_SCRIPT_KEY = 'stt-script';
const STT_RECEIVED_KEY = 'stt-received';
const FORGET_AFTER_MS = 24 * 60 * 60 * 1000;

/**
 * The simulated A2E account (one instance, `idFromName('a2e')`): its streaming channels with
 * their credentials, expiry and QA context, the fault switches and a counter of calls per path.
 * SQLite keeps channels and counters queryable; the fault switches are one KV entry.
 */
export class SimulatorState extends DurableObject<Env> {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sql.exec(`
      CREATE TABLE IF NOT EXISTS channels (
        channel TEXT PRIMARY KEY,
        avatar_id TEXT NOT NULL,
        uid INTEGER NOT NULL,
        token TEXT NOT NULL,
        expires_at INTEGER NOT NULL,
        closed_reason TEXT,
        context TEXT NOT NULL DEFAULT ''
      );
      CREATE TABLE IF NOT EXISTS calls (path TEXT PRIMARY KEY, count INTEGER NOT NULL);
    `);
  }

  /** Counts a simulated A2E call and uses up the fault it must suffer, if any. */
  beginCall(path: string): CallPlan {
    this.sql.exec(
      'INSERT INTO calls (path, count) VALUES (?, 1) ON CONFLICT (path) DO UPDATE SET count = count + 1',
      path,
    );
    const current = this.faults();
    const { plan, next } = takeFault(current);
    if (next !== current) this.ctx.storage.kv.put(FAULTS_KEY, next);
    return plan;
  }

  /**
   * Simulator mode's ticket secret when SESSION_SECRET is unset: random, made on first use and
   * kept here, so every isolate of the Worker (a deployed demo runs many) signs and checks with
   * the same one. It never leaves the Worker.
   */
  ticketSecret(): string {
    let secret = this.ctx.storage.kv.get<string>(TICKET_SECRET_KEY);
    if (!secret) {
      const bytes = crypto.getRandomValues(new Uint8Array(32));
      secret = btoa(String.fromCharCode(...bytes));
      this.ctx.storage.kv.put(TICKET_SECRET_KEY, secret);
    }
    return secret;
  }

  faults(): FaultSwitches {
    return this.ctx.storage.kv.get<FaultSwitches>(FAULTS_KEY) ?? NO_FAULTS;
  }

  setFaults(patch: FaultPatch): FaultSwitches {
    const next = applyPatch(this.faults(), patch);
    this.ctx.storage.kv.put(FAULTS_KEY, next);
    return next;
  }

  clearFaults(): FaultSwitches {
    this.ctx.storage.kv.delete(FAULTS_KEY);
    return NO_FAULTS;
  }

  /** The stand-in STT's queue of replies (worker/simulator/stt), replaced whole. */
  setSttScript(replies: SttReply[]): void {
    this.ctx.storage.kv.put(STT_SCRIPT_KEY, replies);
  }

  /** Records a transcription request and takes the next scripted reply (null: none left). */
  takeSttReply(received: Omit<SttReceived, 'reply'>): SttReply | null {
    const [reply = null, ...rest] = this.ctx.storage.kv.get<SttReply[]>(STT_SCRIPT_KEY) ?? [];
    this.ctx.storage.kv.put(STT_SCRIPT_KEY, rest);
    const log = [...this.sttReceived(), { ...received, reply }].slice(-RECEIVED_KEPT);
    this.ctx.storage.kv.put(STT_RECEIVED_KEY, log);
    return reply;
  }

  sttReceived(): SttReceived[] {
    return this.ctx.storage.kv.get<SttReceived[]>(STT_RECEIVED_KEY) ?? [];
  }

  resetStt(): void {
    this.ctx.storage.kv.delete(STT_SCRIPT_KEY);
    this.ctx.storage.kv.delete(STT_RECEIVED_KEY);
  }

  stats(): SimStats {
    const open = this.sql
      .exec<{ n: number }>('SELECT count(*) AS n FROM channels WHERE closed_reason IS NULL AND expires_at > ?', Date.now())
      .one();
    const calls: Record<string, number> = {};
    for (const row of this.sql.exec<{ path: string; count: number }>('SELECT path, count FROM calls ORDER BY path')) {
      calls[row.path] = row.count;
    }
    return { openChannels: open.n, calls };
  }

  openChannel(channel: Omit<SimChannel, 'closedReason' | 'context'>): void {
    // Forget channels a day past their expiry, so a long-running simulator does not grow forever.
    this.sql.exec('DELETE FROM channels WHERE expires_at < ?', Date.now() - FORGET_AFTER_MS);
    this.sql.exec(
      'INSERT INTO channels (channel, avatar_id, uid, token, expires_at) VALUES (?, ?, ?, ?, ?)',
      channel.channel,
      channel.avatarId,
      channel.uid,
      channel.token,
      channel.expiresAt,
    );
  }

  channel(channel: string): SimChannel | null {
    const row = this.sql
      .exec<{
        channel: string;
        avatar_id: string;
        uid: number;
        token: string;
        expires_at: number;
        closed_reason: RoomCloseReason | null;
        context: string;
      }>('SELECT * FROM channels WHERE channel = ?', channel)
      .toArray()[0];
    if (!row) return null;
    const expired = row.closed_reason === null && row.expires_at <= Date.now();
    return {
      channel: row.channel,
      avatarId: row.avatar_id,
      uid: row.uid,
      token: row.token,
      expiresAt: row.expires_at,
      closedReason: expired ? 'expired' : row.closed_reason,
      context: row.context,
    };
  }

  /** Sets an open channel's QA context, in the one call that checks the channel is there and open. */
  setContext(channel: string, context: string): 'ok' | 'unknown' | RoomCloseReason {
    const found = this.channel(channel);
    if (!found) return 'unknown';
    if (found.closedReason) return found.closedReason;
    this.sql.exec('UPDATE channels SET context = ? WHERE channel = ?', context, channel);
    return 'ok';
  }

  /** Marks the channel closed; the first reason wins. Returns whether this call closed it. */
  closeChannel(channel: string, reason: RoomCloseReason): boolean {
    const cursor = this.sql.exec(
      'UPDATE channels SET closed_reason = ? WHERE channel = ? AND closed_reason IS NULL',
      reason,
      channel,
    );
    return cursor.rowsWritten > 0;
  }
}
