import type { FamilyName, SimBehaviour } from '../../../protocol/a2e-catalogue/index';
import { taskConvention } from '../../../protocol/a2e-catalogue/index';
import { preconditions } from './preconditions';
import { priceOf } from './pricing';
import { inProgress, notStarted, presentRecord } from './task-lifecycle';
import type { Fields, StoredRecord } from './task-store';
import { recordId, refuse, START_COINS, type SimContext } from './sim-context';
import { WEBHOOK_AFTER_MS } from './webhooks';

type Generic = Exclude<SimBehaviour, { action: 'custom' } | { action: 'streaming' }>;

/** Most of the reference is records: start, read, list, read several, rename, mark, delete. */
export async function answerGeneric(sim: Generic, input: Record<string, unknown>, ctx: SimContext): Promise<unknown> {
  const family = sim.family as FamilyName;
  const { store, now } = ctx;
  const present = (record: StoredRecord) => presentRecord(record, now);
  switch (sim.action) {
    case 'create': {
      await preconditions[ctx.entry.id]?.(input, ctx);
      const record = await createRecord(family, input, ctx);
      return replyIsArray(ctx) ? [present(record)] : present(record);
    }
    case 'get': {
      const record = await store.read(family, recordId(ctx, input[sim.id]));
      if (!record) throw refuse(ctx, 404, `No ${family} record has id ${String(input[sim.id])}.`);
      return replyIsArray(ctx) ? [present(record)] : present(record);
    }
    case 'list':
      return listRecords(sim, family, input, ctx);
    case 'batch': {
      const ids = (input.ids as string[]).filter((id) => /^[0-9a-f]{24}$/i.test(id));
      if ((input.ids as string[]).length > 200) throw refuse(ctx, 400, 'At most 200 ids per batch.');
      // Records are matched by id, not by order (the reference says so); unknown ids are left out.
      return (await store.readMany(family, ids)).map(present);
    }
    case 'update': {
      const id = recordId(ctx, input[sim.id]);
      const { [sim.id]: _id, ...fields } = input;
      const record = await store.update(family, id, fields as Fields);
      if (!record) throw refuse(ctx, 404, `No ${family} record has id ${id}.`);
      return present(record);
    }
    case 'mark': {
      const id = recordId(ctx, input[sim.id]);
      const flag = sim.flag.replace(/^mark/, '').replace(/^./, (c) => c.toLowerCase());
      const record = await store.update(family, id, { [`is_${flag}`]: true });
      if (!record) throw refuse(ctx, 404, `No ${family} record has id ${id}.`);
      return present(record);
    }
    case 'delete':
      return deleteRecord(family, recordId(ctx, input[sim.id]), ctx);
  }
}

/** A new record; for a task, charged at its quoted price and, with `webhook_url`, announced when it ends. */
export async function createRecord(family: FamilyName, input: Record<string, unknown>, ctx: SimContext): Promise<StoredRecord> {
  const { webhook_url, webhook_token, ...fields } = input;
  if (!taskConvention(family)) return ctx.store.create(family, fields as Fields);
  const { credits } = priceOf(family, fields);
  if ((await ctx.store.adjust('coins', START_COINS, -credits)) === null) {
    throw refuse(ctx, 400, `Insufficient credits: this task costs ${credits}.`);
  }
  const webhook = typeof webhook_url === 'string' && webhook_url
    ? { url: webhook_url, ...(typeof webhook_token === 'string' && webhook_token ? { token: webhook_token } : {}), afterMs: WEBHOOK_AFTER_MS }
    : undefined;
  const record = await ctx.store.create(family, { ...(fields as Fields), ...(webhook ? { webhook_url: webhook.url } : {}), coins: credits }, webhook);
  await ctx.store.create('transaction', { amount: -credits, type: 'consumption', task_id: record._id, task_type: family, endpoint: ctx.entry.endpoint.path });
  return record;
}

/** Only tasks not yet started, completed or failed can go; one not yet started is refunded. */
export async function deleteRecord(family: FamilyName, id: string, ctx: SimContext): Promise<unknown> {
  const record = await ctx.store.read(family, id);
  if (!record) throw refuse(ctx, 404, `No ${family} record has id ${id}.`);
  if (inProgress(record, ctx.now)) {
    throw refuse(ctx, 400, 'The task is still processing: only initialized, completed or failed tasks can be deleted.');
  }
  let refunded = 0;
  if (notStarted(record, ctx.now) && typeof record.fields.coins === 'number') {
    refunded = record.fields.coins;
    await ctx.store.adjust('coins', START_COINS, refunded);
    await ctx.store.create('transaction', { amount: refunded, type: 'refund', task_id: id, task_type: family });
  }
  await ctx.store.remove(family, id);
  return { _id: id, deleted: true, refunded };
}

async function listRecords(sim: Extract<Generic, { action: 'list' }>, family: FamilyName, input: Record<string, unknown>, ctx: SimContext): Promise<unknown> {
  const convention = taskConvention(family);
  let rows = (await ctx.store.list(family)).map((record) => presentRecord(record, ctx.now));
  if (convention && sim.only === 'processing') rows = rows.filter((r) => r[convention.statusField] !== convention.done && r[convention.statusField] !== convention.failed);
  if (convention && sim.only === 'completed') rows = rows.filter((r) => r[convention.statusField] === convention.done);
  if (convention && typeof input.status === 'string') rows = rows.filter((r) => r[convention.statusField] === input.status);
  const [page, size] =
    sim.paging === 'pageNum' ? [input.pageNum, input.pageSize] : sim.paging === 'page' ? [input.page, input.page_size] : sim.paging === 'current' ? [input.current, input.pageSize] : [1, rows.length || 1];
  const pageNo = Math.max(1, Number(page ?? 1) || 1);
  const pageSize = Math.max(1, Number(size ?? 10) || 10);
  const slice = rows.slice((pageNo - 1) * pageSize, pageNo * pageSize);
  // The documented list (face swap records) is `{ rows, count }`; the typed lists are plain arrays.
  if (sim.paging === 'none' || replyIsArray(ctx)) return slice;
  return { rows: slice, count: rows.length };
}

function replyIsArray(ctx: SimContext): boolean {
  const facts = (ctx.entry.endpoint as { facts?: { reply?: { type?: unknown } } }).facts;
  return facts?.reply?.type === 'array';
}
