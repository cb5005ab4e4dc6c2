import type { z } from 'zod';
import reference from './reference/a2e-reference.json' with { type: 'json' };
import olderDocs from './reference/older-docs.json' with { type: 'json' };
import { operationIndex, sectionTags } from './generated/operations';
import type { Confidence, Endpoint, HttpMethod, SimBehaviour } from './endpoint';
import { resolveRefs, toZod, type JsonSchema } from './json-schema';
import { isReadOnly, referenceMark } from './marks';
import { simBehaviourOf } from './sim-rules';

/** One parameter of an operation, as the reference states it. */
export interface ParameterFacts {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  schema: JsonSchema;
}

/** The facts of one operation, `$ref`s resolved: what the OpenAPI document and the docs page show. */
export interface OperationFacts {
  tag: string;
  parameters: ParameterFacts[];
  /** The JSON body's schema, where the operation takes one. */
  body?: JsonSchema;
  bodyRequired: boolean;
  /** The schema of the reply's `data`, where the reference types it. */
  reply?: JsonSchema;
  /** Status to its one-line description. */
  responses: Record<string, string>;
  /** `[]` where the reference declares no bearer authentication. */
  security?: unknown[];
}

type Doc = { paths: Record<string, Record<string, RawOperation>>; components?: { schemas?: Record<string, unknown> } };
interface RawOperation {
  operationId: string;
  summary?: string;
  tags?: string[];
  deprecated?: boolean;
  security?: unknown[];
  parameters?: { name: string; in: string; required?: boolean; schema?: JsonSchema }[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: JsonSchema }> };
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: JsonSchema }> }>;
  'x-confidence'?: Confidence;
  'x-source'?: string;
}

/**
 * An endpoint of A2E's reference (or its older docs), read from the snapshot. Its zod schemas
 * are made on first use only: the client never needs them, and the Worker only for the calls it
 * simulates or checks.
 */
export class ReferenceEndpoint implements Endpoint {
  // Plain fields, not constructor parameter properties: a2e:check runs this file in Node, whose
  // type stripping does not rewrite those.
  readonly method: HttpMethod;
  readonly path: string;
  readonly summary: string;
  readonly operationId: string;
  readonly confidence: Confidence;
  readonly source: string;
  readonly sim: SimBehaviour;
  readonly facts: OperationFacts;
  readonly deprecated: boolean;
  readonly readOnly: boolean;
  #input: z.ZodType | undefined;
  #reply: z.ZodType | undefined;

  constructor(fields: Omit<ReferenceEndpoint, 'readOnly' | 'input' | 'reply'>) {
    this.method = fields.method;
    this.path = fields.path;
    this.summary = fields.summary;
    this.operationId = fields.operationId;
    this.confidence = fields.confidence;
    this.source = fields.source;
    this.sim = fields.sim;
    this.facts = fields.facts;
    this.deprecated = fields.deprecated;
    const { parameters, body } = fields.facts;
    const required = [...parameters.filter((p) => p.required).map((p) => p.name), ...((body?.required as string[] | undefined) ?? [])];
    this.readOnly = isReadOnly(fields.method, fields.path, required);
  }

  /** Path parameters, query parameters and body fields as one object (the client's input). */
  get input(): z.ZodType {
    this.#input ??= toZod(inputSchema(this.facts));
    return this.#input;
  }

  /** The reply's `data`: typed where the reference types it, anything where it does not. */
  get reply(): z.ZodType {
    this.#reply ??= toZod(this.facts.reply ?? {});
    return this.#reply;
  }
}

function inputSchema(facts: OperationFacts): JsonSchema {
  const properties: Record<string, unknown> = {};
  const required: string[] = [];
  for (const p of facts.parameters) {
    properties[p.name] = p.schema;
    if (p.required) required.push(p.name);
  }
  const body = facts.body ?? {};
  Object.assign(properties, (body.properties as Record<string, unknown> | undefined) ?? {});
  required.push(...(((body.required as string[] | undefined) ?? []).filter((name) => !required.includes(name))));
  return { type: 'object', properties, ...(required.length ? { required } : {}) };
}

function readOperations(doc: Doc): Map<string, { method: HttpMethod; path: string; op: RawOperation }> {
  const out = new Map<string, { method: HttpMethod; path: string; op: RawOperation }>();
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) out.set(op.operationId, { method: method.toUpperCase() as HttpMethod, path, op });
  }
  return out;
}

function factsOf(op: RawOperation, components: Record<string, unknown>): OperationFacts {
  const media = op.requestBody?.content?.['application/json'];
  const ok = op.responses?.['200']?.content?.['application/json']?.schema;
  const envelope = ok ? resolveRefs(ok, components) : undefined;
  const data = (envelope?.properties as Record<string, JsonSchema> | undefined)?.data;
  return {
    tag: op.tags?.[0] ?? '',
    parameters: (op.parameters ?? []).map((p) => ({
      name: p.name,
      in: p.in === 'path' ? 'path' : 'query',
      required: p.required === true || p.in === 'path',
      schema: resolveRefs(p.schema ?? { type: 'string' }, components),
    })),
    ...(media?.schema ? { body: resolveRefs(media.schema, components) } : {}),
    bodyRequired: op.requestBody?.required === true,
    ...(data ? { reply: data } : {}),
    responses: Object.fromEntries(Object.entries(op.responses ?? {}).map(([status, r]) => [status, r.description ?? ''])),
    ...(op.security ? { security: op.security } : {}),
  };
}

function build() {
  const components = { ...(reference as Doc).components?.schemas, ...(olderDocs as unknown as Doc).components?.schemas };
  const byId = new Map([...readOperations(reference as Doc), ...readOperations(olderDocs as unknown as Doc)]);
  const sections: Record<string, Record<string, ReferenceEndpoint>> = {};
  for (const [section, ops] of Object.entries(operationIndex)) {
    const endpoints: Record<string, ReferenceEndpoint> = {};
    for (const [name, operationId] of Object.entries(ops)) {
      const found = byId.get(operationId);
      if (!found) throw new Error(`generated/operations.ts names ${operationId}, which the reference lacks: run npm run a2e:generate.`);
      const { method, path, op } = found;
      const mark = op['x-confidence'] ? { confidence: op['x-confidence'], source: op['x-source'] ?? '' } : referenceMark(method, path, operationId);
      const facts = factsOf(op, components);
      const sim = simBehaviourOf({
        method,
        path,
        query: facts.parameters.filter((p) => p.in === 'query').map((p) => p.name),
        body: Object.keys((facts.body?.properties as object | undefined) ?? {}),
      });
      endpoints[name] = new ReferenceEndpoint({
        method,
        path,
        summary: op.summary ?? '',
        operationId,
        confidence: mark.confidence,
        source: mark.source,
        sim,
        facts,
        deprecated: op.deprecated === true,
      });
    }
    sections[section] = endpoints;
  }
  return sections;
}

/** Every reference section with its endpoints, in the reference's order. */
export const referenceSections = build();

export { operationIndex, sectionTags };
