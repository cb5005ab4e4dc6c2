import type { CatalogueEntry, OperationFacts } from '../../../protocol/a2e-catalogue/index';

type Schema = Record<string, unknown>;

/**
 * A plausible input for an operation, made from its schema in the reference: every required
 * field, the path parameters, and any id fields filled with `id`. Strings carry the word
 * `queued` (the simulator's switch that keeps a task in its first state), so a record made with
 * it can still be read, renamed and deleted (with a refund) at any point of a test.
 */
export function sampleInput(entry: CatalogueEntry, id: string): Record<string, unknown> {
  const facts = (entry.endpoint as { facts?: OperationFacts }).facts;
  if (!facts) return {};
  const input: Record<string, unknown> = {};
  for (const p of facts.parameters) if (p.required || p.in === 'path') input[p.name] = sample(p.name, p.schema, id);
  const body = facts.body ?? {};
  const properties = (body.properties ?? {}) as Record<string, Schema>;
  for (const name of (body.required ?? []) as string[]) input[name] = sample(name, properties[name] ?? {}, id);
  if ('name' in properties && input.name === undefined) input.name = 'queued sample';
  return input;
}

function sample(name: string, schema: Schema, id: string): unknown {
  if (name === 'ids') return [id];
  if (Array.isArray(schema.enum)) return schema.enum[0];
  if (schema.default !== undefined) return schema.default;
  switch (schema.type) {
    case 'integer':
    case 'number':
      return typeof schema.minimum === 'number' ? Math.max(schema.minimum, 1) : 1;
    case 'boolean':
      return false;
    case 'array':
      return Array.from({ length: Math.max(1, Number(schema.minItems ?? 1)) }, (_, i) => sample(`${name}${i}`, (schema.items ?? {}) as Schema, id));
    case 'object':
      return {};
    default:
      if (/^_?id$|_id$/.test(name)) return id;
      if (/url|src|voice|image|video/i.test(name)) return `https://files.example/queued-${name}.${/image|img|face/i.test(name) ? 'png' : 'mp4'}`;
      return 'queued sample';
  }
}
