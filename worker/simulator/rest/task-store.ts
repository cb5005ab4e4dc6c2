import { DurableObject } from 'cloudflare:workers';
import type { Env } from '../../env';
import type { Resource } from '../../../protocol/a2e-catalogue/index';

/** What a record's fields may hold: JSON, so the record crosses the Durable Object's RPC as is. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type Fields = { [key: string]: JsonValue };

/** A record as the simulator keeps it; its task state is derived from `createdAtMs` when read. */
export interface StoredRecord {
  _id: string;
  resource: Resource;
  createdAtMs: number;
  updatedAtMs: number;
  fields: Fields;
}

/**
 * The simulated A2E account's records (videos, trainings, voices, swaps, dubbings, tokens,
 * backgrounds, ...) and settings, one instance per API key. Workers isolates do not share memory
 * across requests, so the state lives here. Binding: SIM_TASKS.
 */
export class SimulatorTasks extends DurableObject<Env> {
  /** Creation times are strictly increasing, so "newest first" is well defined within one ms. */
  #lastCreatedMs = 0;

  async create(resource: Resource, fields: Fields): Promise<StoredRecord> {
    const now = Math.max(Date.now(), this.#lastCreatedMs + 1);
    this.#lastCreatedMs = now;
    const record: StoredRecord = { _id: objectId(now), resource, createdAtMs: now, updatedAtMs: now, fields };
    await this.ctx.storage.put(key(resource, record._id), record);
    return record;
  }

  async read(resource: Resource, id: string): Promise<StoredRecord | null> {
    return (await this.ctx.storage.get<StoredRecord>(key(resource, id))) ?? null;
  }

  /** Newest first. */
  async list(resource: Resource): Promise<StoredRecord[]> {
    const records = await this.ctx.storage.list<StoredRecord>({ prefix: `r:${resource}:` });
    return [...records.values()].sort((a, b) => b.createdAtMs - a.createdAtMs || (a._id < b._id ? 1 : -1));
  }

  /** Merges fields into a record; `restart` starts its task lifecycle again (continue training). */
  async update(resource: Resource, id: string, fields: Fields, restart = false): Promise<StoredRecord | null> {
    const record = await this.read(resource, id);
    if (!record) return null;
    const now = Date.now();
    const next: StoredRecord = { ...record, fields: { ...record.fields, ...fields }, updatedAtMs: now, createdAtMs: restart ? now : record.createdAtMs };
    await this.ctx.storage.put(key(resource, id), next);
    return next;
  }

  async remove(resource: Resource, id: string): Promise<boolean> {
    return this.ctx.storage.delete(key(resource, id));
  }

  async setting(name: string, fallback: JsonValue): Promise<JsonValue> {
    return (await this.ctx.storage.get<JsonValue>(`s:${name}`)) ?? fallback;
  }

  async setSetting(name: string, value: JsonValue): Promise<void> {
    await this.ctx.storage.put(`s:${name}`, value);
  }
}

function key(resource: Resource, id: string): string {
  return `r:${resource}:${id.toLowerCase()}`;
}

/** A 24-hex id shaped like A2E's (MongoDB ObjectIds): seconds, then random bytes. */
function objectId(now: number): string {
  const random = crypto.getRandomValues(new Uint8Array(8));
  const seconds = Math.floor(now / 1000).toString(16).padStart(8, '0');
  return seconds + [...random].map((b) => b.toString(16).padStart(2, '0')).join('');
}
