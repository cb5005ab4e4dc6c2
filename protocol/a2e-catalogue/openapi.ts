import { z } from 'zod';
import { catalogueEntries, sectionTitles, type SectionName } from './index';
import { inputInQuery, pathParams } from './endpoint';

/** The slice of OpenAPI 3.1 this document uses (enough for tests and the docs page to read it). */
export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  servers: { url: string; description: string }[];
  tags: { name: string; description: string }[];
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
  parameters: OpenApiParameter[];
  requestBody?: { required: true; content: { 'application/json': { schema: JsonSchema } } };
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

/**
 * Builds the OpenAPI 3.1 document of the A2E API from the catalogue. JSON Schema 2020-12 is
 * OpenAPI 3.1's dialect, which is what zod emits. `serverUrl` is where the caller reaches it
 * (the broker's origin), with A2E itself listed as the second server.
 */
export function buildOpenApiDocument(serverUrl: string): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  for (const { id, section, endpoint } of catalogueEntries()) {
    const input = jsonSchema(endpoint.input, 'input');
    const properties = (input.properties ?? {}) as Record<string, JsonSchema>;
    const required = new Set((input.required ?? []) as string[]);
    const inPath = pathParams(endpoint.path);
    const parameters: OpenApiParameter[] = inPath.map((name) => ({
      name,
      in: 'path',
      required: true,
      schema: properties[name] ?? { type: 'string' },
    }));
    const rest = Object.entries(properties).filter(([name]) => !inPath.includes(name));
    const operation: OpenApiOperation = {
      operationId: id,
      summary: endpoint.summary,
      tags: [section],
      'x-confidence': endpoint.confidence,
      ...(endpoint.source ? { 'x-source': endpoint.source } : {}),
      parameters,
      responses: {
        '200': {
          description: 'A2E envelope: `code` 0 with `data` on success; a non-zero `code` with `msg` on failure (often still HTTP 200).',
          content: { 'application/json': { schema: envelope(jsonSchema(endpoint.reply, 'output')) } },
        },
        default: {
          description: 'An error of the broker (401, 403, 503, 502, 504) in its error shape, or of A2E.',
        },
      },
    };
    if (inputInQuery(endpoint.method)) {
      for (const [name, schema] of rest) {
        const { description, ...bare } = schema;
        parameters.push({
          name,
          in: 'query',
          required: required.has(name),
          ...(typeof description === 'string' ? { description } : {}),
          schema: bare,
        });
      }
    } else {
      const body: JsonSchema = { ...input, properties: Object.fromEntries(rest) };
      if (Array.isArray(input.required)) body.required = input.required.filter((name) => !inPath.includes(name as string));
      operation.requestBody = { required: true, content: { 'application/json': { schema: body } } };
    }
    paths[endpoint.path] = { ...paths[endpoint.path], [endpoint.method.toLowerCase()]: operation };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'A2E API (through the a2e-avatar broker)',
      version: '1',
      description:
        "A2E's HTTP API as this project's catalogue describes it. Through the broker, call `/api/v1/*` with `Authorization: Bearer <ADMIN_TOKEN>`; directly, call A2E with your A2E key. `x-confidence` tells whether a path is stated in A2E's documentation (doc), used by several public clients (seen), or the best reading (likely).",
    },
    servers: [
      { url: serverUrl, description: 'this broker (admin token)' },
      { url: 'https://video.a2e.ai', description: 'A2E (A2E API key)' },
    ],
    tags: (Object.keys(sectionTitles) as SectionName[]).map((name) => ({ name, description: sectionTitles[name] })),
    security: [{ bearer: [] }],
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'ADMIN_TOKEN through the broker; the A2E API key directly.' },
      },
    },
    paths,
  };
}

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' });
  return rest as JsonSchema;
}

function envelope(data: JsonSchema): JsonSchema {
  return {
    type: 'object',
    properties: { code: { type: 'integer', const: 0 }, msg: { type: 'string' }, data },
    required: ['code'],
  };
}
