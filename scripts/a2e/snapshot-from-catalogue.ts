/**
 * Bootstraps protocol/a2e-catalogue/reference/a2e-reference.json without network, from
 * shared/a2e-dev-catalogue.md plus the few details the catalogue does not transcribe, read in the
 * saved copy of the same reference it names (repository uto2405-glitch/visual_novel,
 * scratch/makefun_spec.json, commit ad358f18f2a59d6eee0dbca5c78d18cf2d1ae112): the shared
 * component schemas, which operations answer them, and the operationId pattern.
 *
 *   node scripts/a2e/snapshot-from-catalogue.ts ../shared/a2e-dev-catalogue.md
 *
 * `npm run a2e:sync` supersedes it as soon as A2E's own document can be fetched.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseCatalogue } from './catalogue-md.ts';
import { specFacts, type JsonObject } from './spec-facts.ts';
import { SNAPSHOT_PATH, writeGenerated } from './generate.ts';

const source = process.argv[2];
if (!source) {
  console.error('usage: node scripts/a2e/snapshot-from-catalogue.ts <path to a2e-dev-catalogue.md>');
  process.exit(2);
}

/** The shared schemas of the saved reference (facts only). */
const COMPONENTS: JsonObject = {
  SuccessResponse: {
    type: 'object',
    properties: { success: { type: 'boolean' }, data: { type: 'object' }, timestamp: { type: 'string', format: 'date-time' } },
    required: ['success'],
  },
  Text2ImageStartResponse: {
    type: 'object',
    properties: {
      code: { type: 'integer' },
      data: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            _id: { type: 'string' },
            name: { type: 'string' },
            prompt: { type: 'string' },
            current_status: { type: 'string' },
            image_urls: { type: 'array', items: { type: 'string' } },
            width: { type: 'number' },
            height: { type: 'number' },
            coins: { type: 'number' },
          },
        },
      },
    },
    required: ['code', 'data'],
  },
  AvatarListResponse: {
    type: 'object',
    properties: { code: { type: 'integer' }, data: { type: 'array', items: { type: 'object' } } },
    required: ['code', 'data'],
  },
  UserVoice: {
    type: 'object',
    properties: {
      _id: { type: 'string' },
      name: { type: 'string' },
      voice_urls: { type: 'array', items: { type: 'string' } },
      gender: { type: 'string', enum: ['female', 'male'] },
      model: { type: 'string', enum: ['a2e', 'cartesia', 'minimax', 'elevenlabs'] },
      lang: { type: 'string' },
      language: { type: 'string' },
      current_status: { type: 'string', enum: ['sent', 'pendding', 'processing', 'completed', 'failed'] },
      speaker_id: { type: 'string' },
      coins: { type: 'number' },
      denoise: { type: 'boolean' },
      enhance_voice_similarity: { type: 'boolean' },
      ttsRate: { type: 'number' },
      hasRefundCoin: { type: 'boolean' },
      user_id: { type: 'string' },
      createdAt: { type: 'string', format: 'date-time' },
      updatedAt: { type: 'string', format: 'date-time' },
    },
  },
  UserVoiceTrainingRequest: {
    type: 'object',
    required: ['name', 'voice_urls'],
    properties: {
      name: { type: 'string' },
      voice_urls: { type: 'array', minItems: 1, items: { type: 'string' } },
      gender: { type: 'string', enum: ['female', 'male'], default: 'female' },
      denoise: { type: 'boolean' },
      enhance_voice_similarity: { type: 'boolean' },
      model: { type: 'string', enum: ['a2e', 'cartesia', 'minimax', 'elevenlabs'], default: 'a2e' },
      language: { type: 'string' },
    },
  },
  UserVoiceUpdateRequest: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } },
  SuccessUserVoiceResponse: {
    type: 'object',
    properties: { success: { type: 'boolean' }, data: { $ref: '#/components/schemas/UserVoice' }, timestamp: { type: 'string', format: 'date-time' } },
    required: ['success', 'data'],
  },
  SuccessUserVoiceListResponse: {
    type: 'object',
    properties: {
      success: { type: 'boolean' },
      data: { type: 'array', items: { $ref: '#/components/schemas/UserVoice' } },
      timestamp: { type: 'string', format: 'date-time' },
    },
    required: ['success', 'data'],
  },
  R2UploadPresignedUrlResponse: {
    type: 'object',
    properties: {
      code: { type: 'integer' },
      data: {
        type: 'object',
        required: ['uploadUrl', 'cdnUrl', 'key', 'bucket', 'expiresIn'],
        properties: {
          uploadUrl: { type: 'string' },
          cdnUrl: { type: 'string' },
          key: { type: 'string' },
          bucket: { type: 'string' },
          expiresIn: { type: 'integer' },
        },
      },
    },
    required: ['code', 'data'],
  },
  ErrorResponse: {
    type: 'object',
    properties: { success: { type: 'boolean' }, error: { type: 'string' }, code: { type: 'string' }, timestamp: { type: 'string', format: 'date-time' } },
    required: ['success', 'error'],
  },
  WebhookInput: {
    type: 'object',
    properties: { webhook_url: { type: 'string', maxLength: 2048 }, webhook_token: { type: 'string', maxLength: 256 } },
  },
};

/** Which operations answer a shared schema, as the saved reference states (`METHOD path`). */
const REPLIES: Record<string, string> = {
  'POST /api/v1/r2/get_upload_presigned_url': 'R2UploadPresignedUrlResponse',
  'POST /api/v1/r2/upload-presigned-url': 'R2UploadPresignedUrlResponse',
  'POST /api/v1/anchor/list': 'AvatarListResponse',
  'POST /api/v1/userText2Image/start': 'Text2ImageStartResponse',
  'POST /api/v1/userVoice/training': 'SuccessUserVoiceResponse',
  'GET /api/v1/userVoice/trainingRecord': 'SuccessUserVoiceListResponse',
  'GET /api/v1/userVoice/completedRecord': 'SuccessUserVoiceListResponse',
  'GET /api/v1/userVoice/{_id}': 'SuccessUserVoiceResponse',
  'DELETE /api/v1/userVoice/{_id}': 'SuccessResponse',
  'PUT /api/v1/userVoice/{_id}': 'SuccessResponse',
  'PUT /api/v1/custom_avatar/{_id}': 'SuccessResponse',
  'POST /api/v1/custom_back/allBackground': 'SuccessResponse',
  'POST /api/v1/custom_back/randomBackground': 'SuccessResponse',
  'POST /api/v1/userVideoTwin/upload': 'SuccessResponse',
  'POST /api/v1/userVideoTwin/training': 'SuccessResponse',
};

/** Operations that declare no bearer authentication in the saved reference. */
const NO_AUTH = new Set(['POST /api/v1/custom_back/randomBackground']);

/** A2E's operationId pattern: the method, then every path segment in PascalCase (`{_id}` is `Id`). */
export function operationIdFor(method: string, path: string): string {
  const words = path
    .split('/')
    .filter(Boolean)
    .flatMap((segment) => segment.replace(/[{}]/g, '').split(/[_-]/))
    .filter(Boolean);
  return method.toLowerCase() + words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
}

const { groups, operations } = parseCatalogue(readFileSync(source, 'utf8'));
const paths: Record<string, JsonObject> = {};
for (const op of operations) {
  const key = `${op.method} ${op.path}`;
  const pathParams = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  const parameters = [
    ...pathParams.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } })),
    ...op.fields.filter((f) => f.in === 'query').map((f) => ({ name: f.name, in: 'query', required: f.required, schema: f.schema })),
  ];
  const bodyFields = op.fields.filter((f) => f.in === 'body');
  if (op.webhook && op.method === 'POST') {
    bodyFields.push(
      { name: 'webhook_url', in: 'body', required: false, schema: { type: 'string', maxLength: 2048 } },
      { name: 'webhook_token', in: 'body', required: false, schema: { type: 'string', maxLength: 256 } },
    );
  }
  const required = bodyFields.filter((f) => f.required).map((f) => f.name);
  const operation: JsonObject = {
    operationId: operationIdFor(op.method, op.path),
    summary: op.summary,
    tags: [op.tag],
    ...(NO_AUTH.has(key) ? { security: [] } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(bodyFields.length
      ? {
          requestBody: {
            required: required.length > 0,
            content: {
              'application/json': {
                schema: { type: 'object', properties: Object.fromEntries(bodyFields.map((f) => [f.name, f.schema])), ...(required.length ? { required } : {}) },
              },
            },
          },
        }
      : {}),
    responses: Object.fromEntries(
      (op.responses.length ? op.responses : [{ status: '200', description: '' }]).map(({ status, description }) => [
        status,
        {
          description,
          ...(status === '200' && REPLIES[key] ? { content: { 'application/json': { schema: { $ref: `#/components/schemas/${REPLIES[key]}` } } } } : {}),
        },
      ]),
    ),
  };
  paths[op.path] = { ...paths[op.path], [op.method.toLowerCase()]: operation };
}

const spec = specFacts({
  openapi: '3.0.0',
  info: { title: 'A2E Developer API', version: '1.0.0' },
  paths,
  components: { schemas: COMPONENTS, securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
  tags: groups.flatMap((g) => g.tags).map((name) => ({ name })),
  'x-tagGroups': groups,
} as unknown as JsonObject);
(spec.info as JsonObject)['x-snapshot'] = {
  source: 'shared/a2e-dev-catalogue.md (transcribed from a saved copy of the reference; see scripts/a2e/snapshot-from-catalogue.ts)',
  retrieved: new Date().toISOString().slice(0, 10),
};
writeFileSync(SNAPSHOT_PATH, `${JSON.stringify(spec, null, 2)}\n`);
console.log(`Wrote ${SNAPSHOT_PATH}: ${operations.length} operations in ${groups.flatMap((g) => g.tags).length} sections.`);
await writeGenerated();
