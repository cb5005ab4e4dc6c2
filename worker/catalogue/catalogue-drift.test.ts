import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { A2EClient } from '../../client/index';
import { taskReader, UNREADABLE, type WaitableFamily } from '../../client/task-readers';
import { catalogueEntries, FAMILIES, familyOf, pathParams, TASK_FAMILIES, type CatalogueEntry } from '../../protocol/a2e-catalogue/index';
import { operationIndex } from '../../protocol/a2e-catalogue/generated/operations';
import type { OpenApiDocument } from '../../protocol/a2e-catalogue/openapi';
import type { OperationFacts } from '../../protocol/a2e-catalogue/reference-catalogue';
import reference from '../../protocol/a2e-catalogue/reference/a2e-reference.json' with { type: 'json' };
import olderDocs from '../../protocol/a2e-catalogue/reference/older-docs.json' with { type: 'json' };
import { mergedReference, operationList } from '../../scripts/a2e/reference-index.ts';
import { nameOperations } from '../../protocol/a2e-catalogue/naming';
import { specFacts, type JsonObject } from '../../scripts/a2e/spec-facts.ts';
import { customHandlers } from '../simulator/rest/custom-handlers';

const merged = mergedReference(reference as unknown as JsonObject, olderDocs as unknown as JsonObject);
const referenceOps = operationList(merged);
const entries = catalogueEntries();
const refEntries = entries.filter((e) => e.section !== 'streaming');
const facts = (entry: CatalogueEntry) => (entry.endpoint as { facts?: OperationFacts }).facts;

async function openApi(): Promise<OpenApiDocument> {
  const res = await SELF.fetch('https://broker.test/api/openapi.json');
  expect(res.status).toBe(200);
  expect(res.headers.get('Access-Control-Allow-Origin')).toBe('*');
  return (await res.json()) as OpenApiDocument;
}

describe('snapshot, catalogue, OpenAPI document, client and simulator agree', () => {
  it('keeps the snapshot as facts only: reducing it again changes nothing', () => {
    const again = specFacts(reference as unknown as JsonObject);
    expect(again.paths).toEqual((reference as unknown as JsonObject).paths);
    expect(again.components).toEqual((reference as unknown as JsonObject).components);
    expect(JSON.stringify(reference)).not.toMatch(/"(description|example|x-codeSamples)":\s*"[^"]{121,}/);
  });

  it('names every operation of the snapshot and the older docs once, as the generated index does', () => {
    const named = nameOperations(referenceOps);
    const fromSnapshot = Object.fromEntries([...named].map(([section, ops]) => [section, Object.fromEntries([...ops].map(([name, op]) => [name, op.operationId]))]));
    expect(fromSnapshot, 'run npm run a2e:generate').toEqual(operationIndex);
    expect(refEntries.map((e) => e.endpoint.operationId).sort()).toEqual(referenceOps.map((op) => op.operationId).sort());
    expect(refEntries).toHaveLength(referenceOps.length);
  });

  it('carries over each operation: method, path, parameters, required body fields', () => {
    for (const op of referenceOps) {
      const entry = refEntries.find((e) => e.endpoint.operationId === op.operationId)!;
      expect(`${entry.endpoint.method} ${entry.endpoint.path}`).toBe(`${op.method} ${op.path}`);
      const raw = (merged.paths as Record<string, Record<string, { parameters?: { name: string }[]; requestBody?: { content: Record<string, { schema: { required?: string[] } }> } }>>)[op.path]![op.method.toLowerCase()]!;
      expect(facts(entry)!.parameters.map((p) => p.name), entry.id).toEqual((raw.parameters ?? []).map((p) => p.name));
      expect(facts(entry)!.body?.required ?? [], entry.id).toEqual(raw.requestBody?.content['application/json']?.schema.required ?? []);
    }
  });

  it('has one endpoint per method and path, every path under /api/v1/, each with its mark and source', () => {
    const keys = entries.map(({ endpoint }) => `${endpoint.method} ${endpoint.path}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const { id, endpoint } of entries) {
      expect(`${endpoint.method} ${endpoint.path}`).toMatch(/^(GET|POST|PUT|DELETE) \/api\/v1\//);
      expect(['doc', 'ref', 'seen', 'likely', 'none'], id).toContain(endpoint.confidence);
    }
    // The streaming section's sources are its own file's (sections/streaming.ts).
    for (const { id, endpoint } of refEntries) expect(endpoint.source, id).toMatch(/\S/);
    expect(refEntries.filter((e) => e.endpoint.confidence === 'ref').length).toBeGreaterThan(200);
  });

  it('marks as read-only only calls that start, spend and change nothing', () => {
    const readOnly = entries.filter((e) => e.endpoint.readOnly);
    expect(readOnly.length).toBeGreaterThan(50);
    for (const { id, endpoint } of readOnly) {
      expect(['create', 'delete', 'update', 'mark'], id).not.toContain(endpoint.sim.action);
      expect(endpoint.method, id).toMatch(/^(GET|POST)$/);
      expect(endpoint.path, id).not.toMatch(/\/(start|add|generate|training|startTraining|continueTraining|retry|remove|del|upload|send_tts|prompt_extension|flf2v_prompt_extension|upload-presigned-url|get_upload_presigned_url|exchangeDiamonds|eyeContact|quickAddAvatar|startDubbing)$/);
    }
    for (const path of ['/api/v1/userImage2Video/allRecords', '/api/v1/userNanoBanana/allRecords', '/api/v1/userVoice/trainingRecord', '/api/v1/anchor/list', '/api/v1/transactionRecord/creditsHistory']) {
      expect(entries.find((e) => e.endpoint.path === path)?.endpoint.readOnly, path).toBe(true);
    }
    // Free, but a2e:check could not call them without a record's id or a body of its own.
    for (const path of ['/api/v1/userImage2Video/{_id}', '/api/v1/userImage2Video/batchDetail', '/api/v1/video/detail', '/api/v1/generation/quote']) {
      expect(entries.find((e) => e.endpoint.path === path)?.endpoint.readOnly, path).toBe(false);
    }
  });

  it('serves every endpoint in the OpenAPI 3.1 document with its section, mark, source, parameters and body', async () => {
    const doc = await openApi();
    expect(doc.openapi).toBe('3.1.0');
    const operations = Object.values(doc.paths).flatMap((methods) => Object.values(methods));
    expect(operations).toHaveLength(entries.length);
    const tagged = new Set(doc['x-tagGroups'].flatMap((g) => g.tags));
    for (const { id, section, endpoint } of entries) {
      const op = doc.paths[endpoint.path]?.[endpoint.method.toLowerCase()];
      expect(op, `${id} in openapi.json`).toBeDefined();
      expect(op?.operationId).toBe(id);
      expect(op?.tags).toEqual([section]);
      expect(tagged.has(section), section).toBe(true);
      expect(op?.['x-confidence']).toBe(endpoint.confidence);
      expect(op?.['x-source']).toBe(endpoint.source);
      expect(op?.parameters.filter((p) => p.in === 'path').map((p) => p.name)).toEqual(pathParams(endpoint.path));
      const body = facts({ id, section, name: '', endpoint } as CatalogueEntry)?.body;
      if (body) expect(op?.requestBody?.content['application/json'].schema.properties, id).toEqual(JSON.parse(JSON.stringify(body.properties ?? {})));
      expect(op?.responses['200']?.content?.['application/json'].schema).toBeDefined();
    }
  });

  it('gives the client one method per endpoint', () => {
    const client = new A2EClient({ baseUrl: 'https://broker.test', token: 't' }) as unknown as Record<string, Record<string, unknown>>;
    for (const { id, section, name } of entries) expect(typeof client[section]?.[name], id).toBe('function');
  });

  it('lets the simulator answer every endpoint: by record behaviour or a handler of its own', () => {
    for (const { id, endpoint } of refEntries) {
      if (endpoint.sim.action === 'custom') expect(customHandlers[id], `${id} needs a simulator handler`).toBeTypeOf('function');
      else if ('family' in endpoint.sim) expect(familyOf(endpoint.path), id).toBe(endpoint.sim.family);
    }
    for (const id of Object.keys(customHandlers)) expect(entries.find((e) => e.id === id)?.endpoint.sim.action, id).toBe('custom');
  });

  it('knows how to read back every task family that A2E lets one read', () => {
    for (const family of TASK_FAMILIES) {
      if ((UNREADABLE as readonly string[]).includes(family)) continue;
      const reader = taskReader(family as WaitableFamily);
      expect(FAMILIES[family].prefixes.some((p) => reader.entry.endpoint.path.startsWith(`/api/v1/${p}`)), family).toBe(true);
    }
    expect(taskReader('avatarVideo').entry.endpoint.path).toBe('/api/v1/video/awsResult');
    expect(taskReader('seedance15').kind).toBe('list');
  });

  it('renders a self-contained docs page listing every endpoint with its mark', async () => {
    const res = await SELF.fetch('https://broker.test/api/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toMatch(/text\/html/);
    const html = await res.text();
    for (const { id, endpoint } of entries) {
      expect(html, id).toContain(`id="${id}"`);
      expect(html).toContain(endpoint.path);
    }
    expect(html).toContain('Image &#38; Video Generation');
    expect(html).not.toMatch(/<script|https?:\/\/[^"']*\.(js|css)\b/i);
  });

  it('holds no secret', async () => {
    const text = JSON.stringify(await openApi());
    expect(text).not.toContain('test-admin-token');
    expect(text).not.toContain('test-session-secret');
  });
});
