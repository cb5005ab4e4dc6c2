import { DurableObject } from 'cloudflare:workers';
import type { Env } from '../env';

export type SlotGrant = { ok: true } | { ok: false; retryAfterSeconds: number };

/**
 * The count of open sessions, for MAX_CONCURRENT_SESSIONS: one global instance, so the cap holds
 * across every isolate. A slot is taken before A2E is asked for a room and given back when the
 * session ends; a slot past its session's expiry is dropped, so a lost release cannot lock the
 * broker for ever.
 */
export class SessionLedger extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.storage.sql.exec('CREATE TABLE IF NOT EXISTS open_sessions (id TEXT PRIMARY KEY, expires_at INTEGER NOT NULL)');
  }

  /** Takes a slot for `sessionId` until `expiresAt` (ms) if fewer than `limit` are open. */
  acquire(sessionId: string, expiresAt: number, limit: number, idleSeconds: number): SlotGrant {
    const now = Date.now();
    this.prune(now);
    const { open, earliest } = this.ctx.storage.sql
      .exec<{ open: number; earliest: number | null }>('SELECT COUNT(*) AS open, MIN(expires_at) AS earliest FROM open_sessions')
      .one();
    if (open >= limit) {
      // The earliest a slot frees for sure is the first expiry; an idle session may end sooner.
      const untilExpiry = Math.ceil(((earliest ?? now) - now) / 1000);
      return { ok: false, retryAfterSeconds: Math.max(1, Math.min(untilExpiry, idleSeconds)) };
    }
    this.ctx.storage.sql.exec('INSERT OR REPLACE INTO open_sessions (id, expires_at) VALUES (?, ?)', sessionId, expiresAt);
    return { ok: true };
  }

  release(sessionId: string): void {
    this.ctx.storage.sql.exec('DELETE FROM open_sessions WHERE id = ?', sessionId);
  }

  /** Whether `sessionId` holds a slot (for operators and tests). */
  holds(sessionId: string): boolean {
    return this.ctx.storage.sql.exec('SELECT 1 FROM open_sessions WHERE id = ?', sessionId).toArray().length > 0;
  }

  openCount(): number {
    this.prune(Date.now());
    return this.ctx.storage.sql.exec<{ open: number }>('SELECT COUNT(*) AS open FROM open_sessions').one().open;
  }

  private prune(now: number): void {
    this.ctx.storage.sql.exec('DELETE FROM open_sessions WHERE expires_at <= ?', now);
  }
}

/** The one ledger of this Worker. */
export function sessionLedger(env: Env): DurableObjectStub<SessionLedger> {
  return env.SESSION_LEDGER.get(env.SESSION_LEDGER.idFromName('global'));
}
