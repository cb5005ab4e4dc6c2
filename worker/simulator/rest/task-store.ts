import { DurableObject } from 'cloudflare:workers';
import type { Env } from '../../env';
import { deliverWebhook, type WebhookSender } from './webhooks';

/** What a record's fields may hold: JSON, so the record crosses the Durable Object's RPC as is. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type Fields = { [key: string]: JsonValue };

/** A record as the simulator keeps it; a task's state is derived from `startedAtMs` when read. */
export interface StoredRecord {
  _id: string;
  family: string;
  createdAtMs: number;
  /** When its task began its states (creation, or a retry). */
  startedAtMs: number;
  updatedAtMs: number;
  fields: Fields;
}

/** A webhook to send once the task has had time to end (webhooks.ts decides what, if anything). */
export interface PendingWebhook {
  family: string;
  id: string;
  url: string;
  token?: string;
  dueMs: number;
}

const UPLOAD_CHUNK = 512 * 1024;

/**
 * The simulated A2E account's records (tasks of every family, faces, backgrounds, previews,
 * transactions), its settings (credits), pending webhooks and uploaded files: one instance per
 * API key. Workers isolates do not share memory across requests, so the state lives here.
 * Binding: SIM_TASKS. Webhooks go out from its alarm, so they fire even if nobody polls.
 */
export class SimulatorTasks extends DurableObject<Env> {
  /** Creation times are strictly increasing, so "newest first" is well defined within one ms. */
  #lastCreatedMs = 0;
  /** How webhooks leave; tests replace it through runInDurableObject. */
  webhookSender: WebhookSender = (url, init) => fetch(url, init);

  async create(family: string, fields: Fields, webhook?: { url: string; token?: string; afterMs: number }): Promise<StoredRecord> {
    const now = Math.max(Date.now(), this.#lastCreatedMs + 1);
    this.#lastCreatedMs = now;
    const record: StoredRecord = { _id: objectId(now), family, createdAtMs: now, startedAtMs: now, updatedAtMs: now, fields };
    await this.ctx.storage.put(key(family, record._id), record);
    if (webhook) await this.#scheduleWebhook({ family, id: record._id, url: webhook.url, ...(webhook.token ? { token: webhook.token } : {}), dueMs: now + webhook.afterMs });
    return record;
  }

  async read(family: string, id: string): Promise<StoredRecord | null> {
    return (await this.ctx.storage.get<StoredRecord>(key(family, id))) ?? null;
  }

  async readMany(family: string, ids: string[]): Promise<StoredRecord[]> {
    const found = await this.ctx.storage.get<StoredRecord>(ids.map((id) => key(family, id)));
    return [...found.values()];
  }

  /** Newest first. */
  async list(family: string): Promise<StoredRecord[]> {
    const records = await this.ctx.storage.list<StoredRecord>({ prefix: `r:${family}:` });
    return [...records.values()].sort((a, b) => b.createdAtMs - a.createdAtMs || (a._id < b._id ? 1 : -1));
  }

  /** Merges fields into a record; `restart` begins its task's states again (retry, continue training). */
  async update(family: string, id: string, fields: Fields, restart = false): Promise<StoredRecord | null> {
    const record = await this.read(family, id);
    if (!record) return null;
    const now = Date.now();
    const next: StoredRecord = { ...record, fields: { ...record.fields, ...fields }, updatedAtMs: now, startedAtMs: restart ? now : record.startedAtMs };
    await this.ctx.storage.put(key(family, id), next);
    return next;
  }

  async remove(family: string, id: string): Promise<boolean> {
    return this.ctx.storage.delete(key(family, id));
  }

  async setting(name: string, fallback: JsonValue): Promise<JsonValue> {
    return (await this.ctx.storage.get<JsonValue>(`s:${name}`)) ?? fallback;
  }

  async setSetting(name: string, value: JsonValue): Promise<void> {
    await this.ctx.storage.put(`s:${name}`, value);
  }

  /** Adds `delta` to a numeric setting unless it would go below zero; answers the new value, or null. */
  async adjust(name: string, start: number, delta: number): Promise<number | null> {
    const value = Number(await this.setting(name, start)) + delta;
    if (value < 0) return null;
    await this.setSetting(name, value);
    return value;
  }

  /** Stores an uploaded file (in chunks: a stored value holds at most 2 MB). */
  async putFile(name: string, bytes: ArrayBuffer, contentType: string): Promise<number> {
    await this.deleteFile(name);
    const chunks = Math.ceil(bytes.byteLength / UPLOAD_CHUNK);
    for (let i = 0; i < chunks; i += 1) await this.ctx.storage.put(`f:${name}:${i}`, bytes.slice(i * UPLOAD_CHUNK, (i + 1) * UPLOAD_CHUNK));
    await this.ctx.storage.put(`fm:${name}`, { chunks, contentType, size: bytes.byteLength });
    return bytes.byteLength;
  }

  async getFile(name: string): Promise<{ bytes: Uint8Array; contentType: string } | null> {
    const meta = await this.ctx.storage.get<{ chunks: number; contentType: string; size: number }>(`fm:${name}`);
    if (!meta) return null;
    const bytes = new Uint8Array(meta.size);
    for (let i = 0; i < meta.chunks; i += 1) {
      const chunk = await this.ctx.storage.get<ArrayBuffer>(`f:${name}:${i}`);
      if (chunk) bytes.set(new Uint8Array(chunk), i * UPLOAD_CHUNK);
    }
    return { bytes, contentType: meta.contentType };
  }

  async deleteFile(name: string): Promise<void> {
    const meta = await this.ctx.storage.get<{ chunks: number }>(`fm:${name}`);
    if (!meta) return;
    for (let i = 0; i < meta.chunks; i += 1) await this.ctx.storage.delete(`f:${name}:${i}`);
    await this.ctx.storage.delete(`fm:${name}`);
  }

  async #scheduleWebhook(hook: PendingWebhook): Promise<void> {
    await this.ctx.storage.put(`h:${String(hook.dueMs).padStart(15, '0')}:${hook.id}`, hook);
    const alarm = await this.ctx.storage.getAlarm();
    if (alarm === null || alarm > hook.dueMs) await this.ctx.storage.setAlarm(hook.dueMs);
  }

  /** Sends every webhook that is due, each once (best effort, as A2E: no retry), and sets the next alarm. */
  override async alarm(): Promise<void> {
    const now = Date.now();
    const pending = await this.ctx.storage.list<PendingWebhook>({ prefix: 'h:' });
    let next: number | null = null;
    for (const [name, hook] of pending) {
      if (hook.dueMs > now) {
        next = next === null ? hook.dueMs : Math.min(next, hook.dueMs);
        continue;
      }
      // Forgotten before sending: a crash between the two loses the webhook rather than sending it twice.
      await this.ctx.storage.delete(name);
      const record = await this.read(hook.family, hook.id);
      if (record) await deliverWebhook(hook, record, now, this.webhookSender);
    }
    if (next !== null) await this.ctx.storage.setAlarm(next);
  }
}

function key(family: string, id: string): string {
  return `r:${family}:${id.toLowerCase()}`;
}

/** A 24-hex id shaped like A2E's (MongoDB ObjectIds): seconds, then random bytes. */
function objectId(now: number): string {
  const random = crypto.getRandomValues(new Uint8Array(8));
  const seconds = Math.floor(now / 1000).toString(16).padStart(8, '0');
  return seconds + [...random].map((b) => b.toString(16).padStart(2, '0')).join('');
}
