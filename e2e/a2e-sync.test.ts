import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatedSources, SNAPSHOT_PATH } from '../scripts/a2e/generate.ts';
import { freePort } from './worker-server';

/** `npm run a2e:sync` against a stand-in for A2E's reference served on loopback. */
const snapshot = JSON.parse(readFileSync(SNAPSHOT_PATH, 'utf8')) as { paths: Record<string, Record<string, Record<string, unknown>>> };

function changed(): unknown {
  const spec = structuredClone(snapshot) as typeof snapshot & Record<string, unknown>;
  delete spec.paths['/api/v1/userUpscale/start'];
  spec.paths['/api/v1/userMusic/start'] = { post: { operationId: 'postApiV1UserMusicStart', summary: 'Start music generation', tags: ['ThinkSound'], responses: { '200': { description: 'Task created' } } } };
  const tts = spec.paths['/api/v1/video/send_tts']!.post as { requestBody: { content: { 'application/json': { schema: { required: string[] } } } } };
  tts.requestBody.content['application/json'].schema.required.push('tts_id');
  // Prose A2E adds is dropped, so it is no change.
  (spec.paths['/api/v1/userDubbing/allRecords']!.get as Record<string, unknown>).description = 'A long description that a2e:sync never keeps.';
  return spec;
}

let server: Server;
let base = '';
const served: Record<string, { type: string; body: string }> = {};

beforeAll(async () => {
  const spec = changed() as typeof snapshot;
  served['/changed'] = { type: 'application/json', body: JSON.stringify(spec) };
  served['/same'] = { type: 'application/json', body: JSON.stringify(snapshot) };
  served['/html'] = { type: 'text/html', body: '<html>maintenance</html>' };
  // The catalogue page lists the same operations, and one the document lacks.
  const lines = Object.entries(spec.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `- \`${method.toUpperCase()} ${path}\` — summary`));
  served['/skill'] = { type: 'text/markdown', body: [...lines, '- `GET /api/v1/userNowhere/list` — Listed only here'].join('\n') };
  server = createServer((req, res) => {
    const page = served[req.url ?? ''];
    res.writeHead(page ? 200 : 404, { 'Content-Type': page?.type ?? 'text/plain' }).end(page?.body ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function sync(spec: string, skill = '/none'): Promise<{ status: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', 'a2e:sync', '--', '--check'], {
      env: { ...process.env, A2E_SPEC_URL: spec, A2E_SKILL_URL: `${base}${skill}`, A2E_SYNC_TIMEOUT_MS: '5000' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (out += chunk));
    child.on('exit', (status) => resolve({ status, out }));
  });
}

describe('npm run a2e:sync', () => {
  it('reports the operations A2E added, removed and changed, and writes nothing with --check', async () => {
    const before = readFileSync(SNAPSHOT_PATH, 'utf8');
    const { status, out } = await sync(`${base}/changed`, '/skill');
    expect(out).toContain('+ POST /api/v1/userMusic/start');
    expect(out).toContain('- POST /api/v1/userUpscale/start');
    expect(out).toContain('~ POST /api/v1/video/send_tts (requestBody)');
    expect(out).not.toContain('userDubbing/allRecords');
    expect(out).toMatch(/catalogue page only \(1\):\s+\? GET \/api\/v1\/userNowhere\/list/);
    expect(status).toBe(1);
    expect(readFileSync(SNAPSHOT_PATH, 'utf8')).toBe(before);
  });

  it('says so when nothing changed', async () => {
    const { status, out } = await sync(`${base}/same`);
    expect(out).toContain('No operation changed.');
    expect(status).toBe(0);
  });

  it('fails with a clear message, exit 2, when A2E cannot be reached or answers no OpenAPI document', async () => {
    const offline = await sync(`http://127.0.0.1:${await freePort()}/openapi-spec`);
    expect(offline.status).toBe(2);
    expect(offline.out).toMatch(/cannot fetch A2E's reference .* The snapshot is unchanged/);
    const html = await sync(`${base}/html`);
    expect(html.status).toBe(2);
    expect(html.out).toMatch(/did not answer JSON/);
  });
});

describe('npm run a2e:generate', () => {
  it('has been run: the committed types and operation index are what the snapshot generates', async () => {
    for (const { path, source } of await generatedSources()) expect(readFileSync(path, 'utf8'), `${path}: run npm run a2e:generate`).toBe(source);
  });
});
