import { Hono, type Context } from 'hono';
import type { Env } from '../../env';
import {
  catalogueEntries,
  inputInQuery,
  isTaskResource,
  pathParams,
  type CatalogueEntry,
  type CustomEndpointId,
  type Resource,
  type SimBehaviour,
} from '../../../protocol/a2e-catalogue/index';
import { A2eError, a2eFail, a2eOk, SIM_CODES } from '../a2e-reply';
import { customHandlers, type HandlerContext } from './custom-handlers';
import { preconditions } from './preconditions';
import { probeRoutes } from './probe-routes';
import { isProcessing, presentRecord } from './task-lifecycle';
import { simTasks } from './sim-tasks-stub';
import type { Fields } from './task-store';

type SimContext = Context<{ Bindings: Env }>;

/**
 * The rest of the A2E API (everything but streaming), simulated from the catalogue: each
 * endpoint's path, method and input schema come from it, and its `sim` behaviour says what it
 * does. Records live in the SimulatorTasks Durable Object of the caller's key. Bad input and
 * unknown ids answer A2E-style: HTTP 200 with a non-zero `code` (400, 404) and `msg`.
 *
 * Lists page with `pageNum` (1-based) and `pageSize` (default 10, at most 100), answering
 * `{ list, total, pageNum, pageSize }`, newest first.
 */
export const restSimulator = new Hono<{ Bindings: Env }>();

restSimulator.route('/', probeRoutes);

// Literal paths first: `/video/allRecords` must win over `/video/{_id}`.
const entries = catalogueEntries()
  .filter(({ endpoint }) => endpoint.sim.action !== 'streaming')
  .sort((a, b) => Number(a.endpoint.path.includes('{')) - Number(b.endpoint.path.includes('{')));

for (const entry of entries) {
  const honoPath = entry.endpoint.path.replace(/\{(\w+)\}/g, ':$1');
  restSimulator.on(entry.endpoint.method, honoPath, async (c) => {
    try {
      const input = await readInput(c, entry);
      const ctx: HandlerContext = { store: simTasks(c.env, c.req.header('Authorization')), now: Date.now() };
      return a2eOk(c, await answer(entry, input, ctx));
    } catch (err) {
      if (err instanceof A2eError) return a2eFail(c, err.code, err.message, err.status);
      throw err;
    }
  });
}

async function answer(entry: CatalogueEntry, input: Record<string, unknown>, ctx: HandlerContext): Promise<unknown> {
  const sim = entry.endpoint.sim as Exclude<SimBehaviour, { action: 'streaming' }>;
  const { store, now } = ctx;
  switch (sim.action) {
    case 'custom': {
      const handler = customHandlers[entry.id as CustomEndpointId] as (input: unknown, ctx: HandlerContext) => unknown;
      return handler(input, ctx);
    }
    case 'create':
      await preconditions[entry.id]?.(input, ctx);
      return presentRecord(await store.create(sim.resource, initialFields(sim.resource, input) as Fields), now);
    case 'get': {
      const record = await store.read(sim.resource, String(input._id));
      if (!record) throw notFound(sim.resource, input._id);
      return presentRecord(record, now);
    }
    case 'delete': {
      if (!(await store.remove(sim.resource, String(input._id)))) throw notFound(sim.resource, input._id);
      return { _id: input._id, deleted: true };
    }
    case 'list': {
      let records = (await store.list(sim.resource)).map((record) => presentRecord(record, now));
      if (sim.only === 'processing') records = records.filter(isProcessing);
      if (sim.only === 'completed') records = records.filter((record) => record.current_status === 'completed');
      if (!sim.paged) return records;
      const pageNum = Number(input.pageNum ?? 1);
      const pageSize = Number(input.pageSize ?? 10);
      return { list: records.slice((pageNum - 1) * pageSize, pageNum * pageSize), total: records.length, pageNum, pageSize };
    }
  }
}

/** Fields a new record starts with beyond its input (what A2E fills in itself). */
function initialFields(resource: Resource, input: Record<string, unknown>): Record<string, unknown> {
  switch (resource) {
    case 'apiToken':
      return { name: 'API token', ...input, token: `sim-${crypto.randomUUID().replaceAll('-', '')}` };
    case 'background': {
      const { img_url, ...rest } = input;
      return { ...rest, img: img_url, type: 'custom' };
    }
    default:
      return isTaskResource(resource) ? { ...input } : input;
  }
}

/** Path parameters, then the query (GET, DELETE) or the JSON body, checked by the catalogue's schema. */
async function readInput(c: SimContext, entry: CatalogueEntry): Promise<Record<string, unknown>> {
  const { endpoint } = entry;
  let raw: Record<string, unknown> = {};
  if (inputInQuery(endpoint.method)) {
    raw = { ...c.req.query() };
  } else {
    const text = await c.req.text();
    if (text.trim()) {
      try {
        raw = JSON.parse(text) as Record<string, unknown>;
      } catch {
        throw new A2eError(SIM_CODES.badRequest, 'The body is not valid JSON.');
      }
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
        throw new A2eError(SIM_CODES.badRequest, 'The body must be a JSON object.');
      }
    }
  }
  for (const name of pathParams(endpoint.path)) raw[name] = c.req.param(name);
  const parsed = endpoint.input.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`);
    throw new A2eError(SIM_CODES.badRequest, `Bad input: ${issues.join('; ')}`);
  }
  return parsed.data as Record<string, unknown>;
}

function notFound(resource: Resource, id: unknown): A2eError {
  return new A2eError(SIM_CODES.notFound, `No ${resource} record has _id ${String(id)}.`);
}
