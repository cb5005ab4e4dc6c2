/**
 * The facts of an OpenAPI 3.0 document, without its prose: what `npm run a2e:sync` keeps of A2E's
 * developer reference. Methods, paths, parameters, types, required flags, enums, defaults and
 * limits stay; descriptions, examples and code samples go (a short summary per operation and a
 * short line per response status stay, as a table of contents would). Request bodies are
 * flattened (`allOf` of local `$ref`s merged into one object), so a body reads the same whether
 * A2E writes it inline or composes it; reply schemas keep their `$ref`s into `components`.
 *
 * Pure functions, no Node or Workers API: the sync script, the bootstrap script and the Worker's
 * drift test all use them. Applying `specFacts` to its own output changes nothing.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** Schema keywords that state a fact; everything else (description, example, title, x-*) is dropped. */
const SCHEMA_FACTS = new Set([
  '$ref',
  'type',
  'format',
  'enum',
  'const',
  'default',
  'nullable',
  'deprecated',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minLength',
  'maxLength',
  'pattern',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
  'items',
  'properties',
  'required',
  'additionalProperties',
  'oneOf',
  'anyOf',
  'allOf',
  'not',
]);

/** Longest summary or response line kept; A2E's are one short line, anything longer is prose. */
const MAX_LINE = 120;

export function specFacts(spec: JsonObject): JsonObject {
  const components = asObject(spec.components);
  const schemas = asObject(components.schemas);
  const paths: JsonObject = {};
  for (const [path, item] of Object.entries(asObject(spec.paths))) {
    const methods: JsonObject = {};
    for (const method of HTTP_METHODS) {
      const op = asObject(asObject(item)[method]);
      if (Object.keys(op).length === 0) continue;
      methods[method] = operationFacts(op, schemas);
    }
    if (Object.keys(methods).length > 0) paths[path] = methods;
  }
  const info = asObject(spec.info);
  const out: JsonObject = {
    openapi: typeof spec.openapi === 'string' ? spec.openapi : '3.0.0',
    info: { title: String(info.title ?? ''), version: String(info.version ?? '') },
    paths,
    components: {
      schemas: Object.fromEntries(Object.entries(schemas).map(([name, schema]) => [name, schemaFacts(schema)])),
      securitySchemes: Object.fromEntries(
        Object.entries(asObject(components.securitySchemes)).map(([name, scheme]) => [name, pick(asObject(scheme), ['type', 'scheme', 'bearerFormat', 'in', 'name'])]),
      ),
    },
    tags: asArray(spec.tags).map((tag) => ({ name: String(asObject(tag).name ?? '') })),
  };
  const groups = asArray(spec['x-tagGroups']);
  if (groups.length > 0) {
    out['x-tagGroups'] = groups.map((group) => ({ name: String(asObject(group).name ?? ''), tags: asArray(asObject(group).tags).map(String) }));
  }
  return out;
}

function operationFacts(op: JsonObject, schemas: JsonObject): JsonObject {
  const out: JsonObject = {};
  if (typeof op.operationId === 'string') out.operationId = op.operationId;
  if (typeof op.summary === 'string') out.summary = line(op.summary);
  out.tags = asArray(op.tags).map(String);
  // Only an explicit `security` says something (e.g. `[]`: no bearer declared); absent means the default.
  if (Array.isArray(op.security)) out.security = op.security;
  if (op.deprecated === true) out.deprecated = true;
  const parameters = asArray(op.parameters).map((p) => {
    const param = asObject(p);
    const facts: JsonObject = { name: String(param.name ?? ''), in: String(param.in ?? 'query'), required: param.required === true };
    if (param.deprecated === true) facts.deprecated = true;
    facts.schema = schemaFacts(param.schema ?? {});
    return facts;
  });
  if (parameters.length > 0) out.parameters = parameters;
  const body = asObject(op.requestBody);
  const content = asObject(body.content);
  if (Object.keys(content).length > 0) {
    out.requestBody = {
      required: body.required === true,
      content: Object.fromEntries(
        Object.entries(content).map(([type, media]) => [type, { schema: flatten(schemaFacts(asObject(media).schema ?? {}), schemas) }]),
      ),
    };
  }
  const responses: JsonObject = {};
  for (const [status, r] of Object.entries(asObject(op.responses))) {
    const response = asObject(r);
    const facts: JsonObject = { description: line(String(response.description ?? '')) };
    // The error bodies are one shape for all (components.schemas.ErrorResponse); a reply's schema is the fact.
    if (/^2/.test(status)) {
      const media = Object.entries(asObject(response.content));
      if (media.length > 0) {
        facts.content = Object.fromEntries(media.map(([type, m]) => [type, { schema: schemaFacts(asObject(m).schema ?? {}) }]));
      }
    }
    responses[status] = facts;
  }
  out.responses = responses;
  return out;
}

export function schemaFacts(schema: Json): JsonObject {
  const input = asObject(schema);
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(input)) {
    if (!SCHEMA_FACTS.has(key)) continue;
    if (key === 'properties') {
      out.properties = Object.fromEntries(Object.entries(asObject(value)).map(([name, sub]) => [name, schemaFacts(sub)]));
    } else if (key === 'items' || key === 'not') {
      out[key] = schemaFacts(value);
    } else if (key === 'additionalProperties') {
      out[key] = typeof value === 'boolean' ? value : schemaFacts(value);
    } else if (key === 'oneOf' || key === 'anyOf' || key === 'allOf') {
      out[key] = asArray(value).map(schemaFacts);
    } else if (key === 'required') {
      // A boolean `required` inside a property is not OpenAPI; only the list on an object counts.
      if (Array.isArray(value)) {
        if (value.length > 0) out.required = value.map(String);
      }
    } else {
      out[key] = value;
    }
  }
  return out;
}

/** Merges an `allOf` of objects (local `$ref`s resolved) into one object schema. */
function flatten(schema: JsonObject, schemas: JsonObject): JsonObject {
  const parts = Array.isArray(schema.allOf) ? schema.allOf.map(asObject) : null;
  const resolved = typeof schema.$ref === 'string' ? resolveRef(schema.$ref, schemas) : null;
  if (resolved) return flatten(resolved, schemas);
  if (!parts) return schema;
  const properties: JsonObject = {};
  const required: string[] = [];
  const rest: JsonObject = {};
  for (const part of parts.map((p) => flatten(p, schemas))) {
    Object.assign(properties, asObject(part.properties));
    for (const name of asArray(part.required)) if (!required.includes(String(name))) required.push(String(name));
    for (const [key, value] of Object.entries(part)) if (key !== 'properties' && key !== 'required' && key !== 'type') rest[key] = value;
  }
  return { type: 'object', ...rest, properties, ...(required.length > 0 ? { required } : {}) };
}

function resolveRef(ref: string, schemas: JsonObject): JsonObject | null {
  const match = /^#\/components\/schemas\/(.+)$/.exec(ref);
  const target = match ? schemas[match[1] as string] : undefined;
  return target === undefined ? null : schemaFacts(target);
}

function line(text: string): string {
  const first = text.split('\n')[0]?.trim() ?? '';
  return first.length > MAX_LINE ? `${first.slice(0, MAX_LINE - 1).trimEnd()}…` : first;
}

function pick(object: JsonObject, keys: string[]): JsonObject {
  return Object.fromEntries(keys.filter((key) => object[key] !== undefined).map((key) => [key, object[key] as Json]));
}

export function asObject(value: Json | undefined): JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {};
}

export function asArray(value: Json | undefined): Json[] {
  return Array.isArray(value) ? value : [];
}
