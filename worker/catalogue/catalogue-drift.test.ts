import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { A2EClient } from '../../client/index';
import { catalogueEntries, pathParams, TASK_RESOURCES, taskStatusEndpoints } from '../../protocol/a2e-catalogue/index';
import type { OpenApiDocument } from '../../protocol/a2e-catalogue/openapi';

const SECTIONS = ['tokens', 'tts', 'avatarVideos', 'customAvatars', 'backgrounds', 'faceSwap', 'dubbing', 'imageToVideo', 'captionRemoval', 'streaming', 'misc'];

async function openApi(): Promise<OpenApiDocument> {
  const res = await SELF.fetch('https://broker.test/api/openapi.json');
  expect(res.status).toBe(200);
  expect(res.headers.get('Access-Control-Allow-Origin')).toBe('*');
  return (await res.json()) as OpenApiDocument;
}

describe('catalogue, OpenAPI document and client agree', () => {
  it('covers every section of shared/a2e-api.md, each with endpoints', () => {
    const sections = new Set(catalogueEntries().map((entry) => entry.section));
    expect([...sections].sort()).toEqual([...SECTIONS].sort());
  });

  it('has one endpoint per method and path, every path under /api/v1/', () => {
    const keys = catalogueEntries().map(({ endpoint }) => `${endpoint.method} ${endpoint.path}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const key of keys) expect(key).toMatch(/^(GET|POST|PUT|DELETE) \/api\/v1\//);
  });

  it('serves every catalogue endpoint in the OpenAPI 3.1 document, publicly, with matching method, path and parameters', async () => {
    const doc = await openApi();
    expect(doc.openapi).toBe('3.1.0');
    const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({ path, method: method.toUpperCase(), op })),
    );
    expect(operations).toHaveLength(catalogueEntries().length);
    for (const { id, section, endpoint } of catalogueEntries()) {
      const op = doc.paths[endpoint.path]?.[endpoint.method.toLowerCase()];
      expect(op, `${id} in openapi.json`).toBeDefined();
      expect(op?.operationId).toBe(id);
      expect(op?.tags).toEqual([section]);
      expect(op?.['x-confidence']).toBe(endpoint.confidence);
      const inPath = op?.parameters.filter((p) => p.in === 'path').map((p) => p.name);
      expect(inPath).toEqual(pathParams(endpoint.path));
      if (endpoint.method === 'POST' || endpoint.method === 'PUT') expect(op?.requestBody, id).toBeDefined();
      else expect(op?.requestBody, id).toBeUndefined();
      expect(op?.responses['200']?.content?.['application/json'].schema).toBeDefined();
    }
  });

  it('gives the client one method per catalogue endpoint, and a status endpoint per task kind', () => {
    const client = new A2EClient({ baseUrl: 'https://broker.test', token: 't' }) as unknown as Record<string, Record<string, unknown>>;
    for (const { id, section, name } of catalogueEntries()) expect(typeof client[section]?.[name], id).toBe('function');
    const ids = new Set(catalogueEntries().map((entry) => entry.id));
    for (const kind of TASK_RESOURCES) expect(ids.has(taskStatusEndpoints[kind]), kind).toBe(true);
  });

  it('renders a self-contained docs page listing every endpoint', async () => {
    const res = await SELF.fetch('https://broker.test/api/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toMatch(/text\/html/);
    const html = await res.text();
    for (const { id, endpoint } of catalogueEntries()) {
      expect(html, id).toContain(`id="${id}"`);
      expect(html).toContain(endpoint.path);
    }
    expect(html).not.toMatch(/<script|https?:\/\/[^"']*\.(js|css)\b/i);
  });

  it('holds no secret', async () => {
    const text = JSON.stringify(await openApi());
    expect(text).not.toContain('test-admin-token');
    expect(text).not.toContain('test-session-secret');
  });
});
