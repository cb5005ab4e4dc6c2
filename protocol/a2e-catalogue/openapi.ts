import { z } from 'zod';
import { catalogueEntries, sectionTitles, type SectionName } from './index';
import { inputInQuery, pathParams, type Endpoint } from './endpoint';
import { toOpenApi31 } from './json-schema';
import type { OperationFacts } from './reference-catalogue';
import reference from './reference/a2e-reference.json' with { type: 'json' };

/** The slice of OpenAPI 3.1 this document uses (enough for tests and the docs page to read it). */
export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  servers: { url: string; description: string }[];
  tags: { name: string; description: string }[];
  'x-tagGroups': { name: string; tags: string[] }[];
  security: { bearer: [] }[];
  components: { securitySchemes: { bearer: { type: 'http'; scheme: 'bearer'; description: string } } };
  paths: Record<string, Record<string, OpenApiOperation>>;
}

export interface OpenApiOperation {
  operationId: string;
  summary: string;
  tags: string[];
  'x-confidence': string;
  'x-source'?: string;
  /** A2E's own operationId, where the operation is A2E's reference's. */
  'x-a2e-operation-id'?: string;
  'x-read-only'?: boolean;
  deprecated?: boolean;
  parameters: OpenApiParameter[];
  requestBody?: { required: boolean; content: { 'application/json': { schema: JsonSchema } } };
  responses: Record<string, { description: string; content?: { 'application/json': { schema: JsonSchema } } }>;
}

export interface OpenApiParameter {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  description?: string;
  schema: JsonSchema;
}

export type JsonSchema = Record<string, unknown>;

const ENVELOPE_NOTE =
  'A2E envelope: `code` 0 with `data` on success; a non-zero `code` with `msg` on failure (often with HTTP 200). The reference also declares `{ success, data }` and `{ success: false, error, code }`.';

/**
 * Builds the OpenAPI 3.1 document of the A2E API from the catalogue: the reference's own facts
 * for its operations (3.0 schemas are 3.1 schemas but for `nullable`), zod's JSON Schema for the
 * streaming section. `serverUrl` is where the caller reaches it (the broker's origin), with A2E
 * itself listed as the second server.
 */
export function buildOpenApiDocument(serverUrl: string): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  for (const { id, section, endpoint } of catalogueEntries()) {
    const facts = (endpoint as { facts?: OperationFacts }).facts;
    const operation = facts ? fromFacts(endpoint, facts) : fromZod(endpoint);
    operation.operationId = id;
    operation.tags = [section];
    operation['x-confidence'] = endpoint.confidence;
    if (endpoint.source) operation['x-source'] = endpoint.source;
    if (endpoint.operationId) operation['x-a2e-operation-id'] = endpoint.operationId;
    if (endpoint.readOnly) operation['x-read-only'] = true;
    if (endpoint.deprecated) operation.deprecated = true;
    paths[endpoint.path] = { ...paths[endpoint.path], [endpoint.method.toLowerCase()]: operation };
  }
  const sections = Object.keys(sectionTitles) as SectionName[];
  const groups = ((reference as { 'x-tagGroups'?: { name: string; tags: string[] }[] })['x-tagGroups'] ?? []).map((group) => ({
    name: group.name,
    tags: sections.filter((s) => group.tags.includes(sectionTitles[s])),
  }));
  const grouped = new Set(groups.flatMap((g) => g.tags));
  groups.push({ name: 'Not in the reference', tags: sections.filter((s) => !grouped.has(s)) });
  return {
    openapi: '3.1.0',
    info: {
      title: 'A2E API (through the a2e-avatar broker)',
      version: '1',
      description:
        "A2E's HTTP API: every operation of A2E's developer reference, the few of its older documentation the reference lacks, and the streaming-avatar calls. Through the broker, call `/api/v1/*` with `Authorization: Bearer <ADMIN_TOKEN>`; directly, call A2E with your A2E key. `x-confidence` says where each operation is stated: `doc` A2E's documentation pages, `ref` A2E's generated developer reference, `seen` several public clients, `likely` our best reading, `none` documented nowhere; `x-source` where to check it.",
    },
    servers: [
      { url: serverUrl, description: 'this broker (admin token)' },
      { url: 'https://video.a2e.ai', description: 'A2E (A2E API key)' },
    ],
    tags: sections.map((name) => ({ name, description: sectionTitles[name] })),
    'x-tagGroups': groups,
    security: [{ bearer: [] }],
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'ADMIN_TOKEN through the broker; the A2E API key directly.' },
      },
    },
    paths,
  };
}

function fromFacts(endpoint: Endpoint, facts: OperationFacts): OpenApiOperation {
  const operation: OpenApiOperation = {
    operationId: '',
    summary: endpoint.summary,
    tags: [],
    'x-confidence': endpoint.confidence,
    parameters: facts.parameters.map((p) => ({ name: p.name, in: p.in, required: p.required, schema: toOpenApi31(p.schema) as JsonSchema })),
    responses: {},
  };
  if (facts.body) {
    operation.requestBody = { required: facts.bodyRequired, content: { 'application/json': { schema: toOpenApi31(facts.body) as JsonSchema } } };
  }
  for (const [status, description] of Object.entries(facts.responses)) {
    operation.responses[status] =
      status === '200'
        ? { description: description || ENVELOPE_NOTE, content: { 'application/json': { schema: envelope((toOpenApi31(facts.reply ?? {}) as JsonSchema) ?? {}) } } }
        : { description: description || httpText(status) };
  }
  operation.responses['200'] ??= { description: ENVELOPE_NOTE, content: { 'application/json': { schema: envelope({}) } } };
  operation.responses.default = { description: 'An error of the broker (401, 403, 503, 502, 504) in its error shape.' };
  return operation;
}

function fromZod(endpoint: Endpoint): OpenApiOperation {
  const input = jsonSchema(endpoint.input, 'input');
  const properties = (input.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((input.required ?? []) as string[]);
  const inPath = pathParams(endpoint.path);
  const parameters: OpenApiParameter[] = inPath.map((name) => ({ name, in: 'path', required: true, schema: properties[name] ?? { type: 'string' } }));
  const rest = Object.entries(properties).filter(([name]) => !inPath.includes(name));
  const operation: OpenApiOperation = {
    operationId: '',
    summary: endpoint.summary,
    tags: [],
    'x-confidence': endpoint.confidence,
    parameters,
    responses: {
      '200': { description: ENVELOPE_NOTE, content: { 'application/json': { schema: envelope(jsonSchema(endpoint.reply, 'output')) } } },
      default: { description: 'An error of the broker (401, 403, 503, 502, 504) in its error shape, or of A2E.' },
    },
  };
  if (inputInQuery(endpoint.method)) {
    for (const [name, schema] of rest) {
      const { description, ...bare } = schema;
      parameters.push({ name, in: 'query', required: required.has(name), ...(typeof description === 'string' ? { description } : {}), schema: bare });
    }
  } else {
    const body: JsonSchema = { ...input, properties: Object.fromEntries(rest) };
    if (Array.isArray(input.required)) body.required = input.required.filter((name) => !inPath.includes(name as string));
    operation.requestBody = { required: true, content: { 'application/json': { schema: body } } };
  }
  return operation;
}

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' });
  return rest as JsonSchema;
}

function envelope(data: JsonSchema): JsonSchema {
  return { type: 'object', properties: { code: { type: 'integer', const: 0 }, msg: { type: 'string' }, data }, required: ['code'] };
}

function httpText(status: string): string {
  return { '202': 'Accepted, still processing', '400': 'Bad request', '401': 'Bad or missing token', '402': 'Insufficient credits', '403': 'Forbidden', '404': 'Not found', '500': 'A2E failed', '503': 'Not configured upstream' }[status] ?? `HTTP ${status}`;
}
