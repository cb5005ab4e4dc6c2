import { DurableObject } from 'cloudflare:workers';
import type { Env } from '../env';

/** One task event as received from A2E. */
export interface ReceivedEvent {
  id: number;
  receivedAt: string;
  event: string;
  taskId: string | null;
  payload: unknown;
}

/** How many events are kept: the most recent; older ones are dropped as new ones arrive. */
export const KEEP_EVENTS = 500;

/**
 * The events A2E POSTed to `/api/webhooks/a2e` (webhook-routes.ts), newest kept, for the back
 * office to read. One instance for the Worker (`idFromName('a2e')`), in SQLite. Binding:
 * WEBHOOK_INBOX.
 */
export class WebhookInbox extends DurableObject<Env> {
  private readonly sql: SqlStorage;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.sql.exec(`CREATE TABLE IF NOT EXISTS events (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      received_at TEXT NOT NULL,
      event TEXT NOT NULL,
      task_id TEXT,
      payload TEXT NOT NULL
    )`);
  }

  record(event: string, taskId: string | null, payload: string): number {
    const row = this.sql
      .exec<{ id: number }>('INSERT INTO events (received_at, event, task_id, payload) VALUES (?, ?, ?, ?) RETURNING id', new Date().toISOString(), event, taskId, payload)
      .one();
    this.sql.exec('DELETE FROM events WHERE id <= ?', row.id - KEEP_EVENTS);
    return row.id;
  }

  /** Newest first; `taskId` narrows to one task. */
  recent(limit: number, taskId?: string): ReceivedEvent[] {
    const rows = taskId
      ? this.sql.exec<Row>('SELECT * FROM events WHERE task_id = ? ORDER BY id DESC LIMIT ?', taskId, limit)
      : this.sql.exec<Row>('SELECT * FROM events ORDER BY id DESC LIMIT ?', limit);
    return [...rows].map((row) => ({ id: row.id, receivedAt: row.received_at, event: row.event, taskId: row.task_id, payload: JSON.parse(row.payload) as unknown }));
  }
}

type Row = { id: number; received_at: string; event: string; task_id: string | null; payload: string };
