import { Hono, type Context } from 'hono';
import type { Env } from '../../env';
import { catalogueEntries, inputInQuery, pathParams, type CatalogueEntry, type ParameterFacts } from '../../../protocol/a2e-catalogue/index';
import { A2eError, a2eFail, a2eOk, SIM_CODES } from '../a2e-reply';
import { answerGeneric } from './behaviours';
import { customHandlers, StatusReply } from './custom-handlers';
import { probeRoutes } from './probe-routes';
import { refuse, type SimContext } from './sim-context';
import { simTasks } from './sim-tasks-stub';

type Ctx = Context<{ Bindings: Env }>;

/** Header the proxy adds in simulator mode: the broker's own origin, where upload URLs must point. */
export const SIM_ORIGIN_HEADER = 'X-A2e-Sim-Origin';

/**
 * The rest of the A2E API (everything but streaming), simulated from the catalogue: each
 * operation's path, method and input schema come from A2E's reference, its `sim` behaviour
 * (sim-rules.ts) says what it does. Records live in the SimulatorTasks Durable Object of the
 * caller's key. Bad input answers `code` 400 with a message naming the field, unknown ids 404,
 * under the HTTP status the operation lists for them (sim-context.ts).
 */
export const restSimulator = new Hono<{ Bindings: Env }>();

restSimulator.route('/', probeRoutes);

// Literal paths first: `/userVoice/trainingRecord` must win over `/userVoice/{_id}`.
const entries = catalogueEntries()
  .filter(({ endpoint }) => endpoint.sim.action !== 'streaming')
  .sort((a, b) => Number(a.endpoint.path.includes('{')) - Number(b.endpoint.path.includes('{')));

for (const entry of entries) {
  const honoPath = entry.endpoint.path.replace(/\{(\w+)\}/g, ':$1');
  restSimulator.on(entry.endpoint.method, honoPath, async (c) => {
    const ctx: SimContext = {
      store: simTasks(c.env, c.req.header('Authorization')),
      now: Date.now(),
      entry,
      origin: c.req.header(SIM_ORIGIN_HEADER) ?? new URL(c.req.url).origin,
    };
    try {
      const input = await readInput(c, entry, ctx);
      const sim = entry.endpoint.sim;
      let data: unknown;
      if (sim.action === 'custom' || sim.action === 'streaming') {
        const handler = customHandlers[entry.id];
        if (!handler) return a2eFail(c, SIM_CODES.internal, `The simulator does not answer ${entry.id} yet.`, 501);
        data = await handler(input, ctx);
      } else {
        data = await answerGeneric(sim, input, ctx);
      }
      if (data instanceof StatusReply) return c.json({ code: 0, msg: 'success', data: data.data }, data.status);
      return a2eOk(c, data);
    } catch (err) {
      if (err instanceof A2eError) return a2eFail(c, err.code, err.message, err.status);
      throw err;
    }
  });
}

/** Path parameters, the query (typed by each parameter's schema) or the JSON body, checked by the operation's schema. */
async function readInput(c: Ctx, entry: CatalogueEntry, ctx: SimContext): Promise<Record<string, unknown>> {
  const { endpoint } = entry;
  const params = ((endpoint as { facts?: { parameters: ParameterFacts[] } }).facts?.parameters ?? []).filter((p) => p.in === 'query');
  let raw: Record<string, unknown> = {};
  const query = c.req.queries();
  for (const [name, values] of Object.entries(query)) {
    const schema = params.find((p) => p.name === name)?.schema;
    raw[name] = schema?.type === 'array' ? values.map((v) => typed(v, schema.items as { type?: unknown })) : typed(values.at(-1) ?? '', schema);
  }
  if (!inputInQuery(endpoint.method)) {
    const text = await c.req.text();
    if (text.trim()) {
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        throw refuse(ctx, 400, 'The body is not valid JSON.');
      }
      if (typeof body !== 'object' || body === null || Array.isArray(body)) throw refuse(ctx, 400, 'The body must be a JSON object.');
      raw = { ...raw, ...(body as Record<string, unknown>) };
    }
  }
  for (const name of pathParams(endpoint.path)) raw[name] = c.req.param(name);
  const parsed = endpoint.input.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`);
    throw refuse(ctx, 400, `Bad input: ${issues.join('; ')}`);
  }
  return parsed.data as Record<string, unknown>;
}

/** A query value as its parameter's type, so `pageNum=2` checks as the integer the reference says. */
function typed(value: string, schema: { type?: unknown } | undefined): unknown {
  if (schema?.type === 'integer' || schema?.type === 'number') return value.trim() !== '' && !Number.isNaN(Number(value)) ? Number(value) : value;
  if (schema?.type === 'boolean') return value === 'true' ? true : value === 'false' ? false : value;
  return value;
}
