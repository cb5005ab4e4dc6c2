import { env } from 'cloudflare:test';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { app } from '../app';

/** Live mode against a stand-in A2E: the global fetch, which the Worker's live path calls. */
const live = { ...env, A2E_API_KEY: 'a2e-live-key', A2E_BASE_URL: 'https://a2e.example', UPSTREAM_TIMEOUT_MS: '50' };
const ADMIN = { Authorization: 'Bearer test-admin-token' };

afterEach(() => vi.restoreAllMocks());

function standIn(reply: (request: Request) => Promise<Response> | Response) {
  const seen: Request[] = [];
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const request = new Request(input as RequestInfo, init as RequestInit);
    seen.push(request);
    return reply(request);
  });
  return seen;
}

describe('forwarding to A2E (live mode)', () => {
  it('keeps method, path, query and body, and swaps the admin token for the A2E key', async () => {
    let body = '';
    const seen = standIn(async (request) => {
      body = await request.text();
      return Response.json({ code: 0, data: { ok: 1 } }, { headers: { 'Set-Cookie': 'a2e=1', 'X-A2E': 'yes' } });
    });
    const res = await app.request(
      'https://broker.test/api/v1/userFaceSwapTask/add?x=1&y=%20two',
      {
        method: 'POST',
        headers: { ...ADMIN, 'Content-Type': 'application/json', Cookie: 'session=abc' },
        body: '{"name":"n","face_url":"https://f","video_url":"https://v"}',
      },
      live,
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ code: 0, data: { ok: 1 } });
    expect(res.headers.get('X-A2E')).toBe('yes');
    expect(res.headers.get('Set-Cookie')).toBeNull();
    const [request] = seen;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('https://a2e.example/api/v1/userFaceSwapTask/add?x=1&y=%20two');
    expect(request?.headers.get('Authorization')).toBe('Bearer a2e-live-key');
    expect(request?.headers.get('Content-Type')).toBe('application/json');
    expect(request?.headers.get('Cookie')).toBeNull();
    expect(body).toBe('{"name":"n","face_url":"https://f","video_url":"https://v"}');
  });

  it("passes A2E's own errors through unchanged, status and body", async () => {
    standIn(() => Response.json({ code: 1001, msg: 'all hosts are occupied' }));
    const res = await app.request('https://broker.test/api/v1/video/allRecords', { headers: ADMIN }, live);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ code: 1001, msg: 'all hosts are occupied' });
    standIn(() => Response.json({ code: 500, msg: 'internal' }, { status: 500 }));
    const json500 = await app.request('https://broker.test/api/v1/video/allRecords', { headers: ADMIN }, live);
    expect(json500.status).toBe(500);
    expect(await json500.json()).toEqual({ code: 500, msg: 'internal' });
  });

  it('turns a gateway error page in front of A2E into the error shape', async () => {
    standIn(() => new Response('<h1>Bad Gateway</h1>', { status: 503, headers: { 'Content-Type': 'text/html' } }));
    const res = await app.request('https://broker.test/api/v1/video/allRecords', { headers: ADMIN }, live);
    expect(res.status).toBe(502);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('upstream_error');
    standIn(() => new Response('<h1>Gateway Time-out</h1>', { status: 504, headers: { 'Content-Type': 'text/html' } }));
    const timedOut = await app.request('https://broker.test/api/v1/video/allRecords', { headers: ADMIN }, live);
    expect(timedOut.status).toBe(504);
    expect(((await timedOut.json()) as { error: { code: string } }).error.code).toBe('upstream_timeout');
  });

  it('answers 504 upstream_timeout when A2E sends no reply headers in time', async () => {
    standIn(
      (request) =>
        new Promise<Response>((_resolve, reject) => {
          request.signal.addEventListener('abort', () => reject(request.signal.reason));
        }),
    );
    const res = await app.request('https://broker.test/api/v1/video/allRecords', { headers: ADMIN }, live);
    expect(res.status).toBe(504);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('upstream_timeout');
  });

  it('answers 502 upstream_error when A2E cannot be reached, without the cause', async () => {
    standIn(() => Promise.reject(new TypeError('connect ECONNREFUSED a2e-live-key')));
    const res = await app.request('https://broker.test/api/v1/video/allRecords', { headers: ADMIN }, live);
    expect(res.status).toBe(502);
    const text = await res.text();
    expect(JSON.parse(text).error.code).toBe('upstream_error');
    expect(text).not.toContain('a2e-live-key');
  });

  it('does not cut a slow body short once the reply has started', async () => {
    const chunks = 6;
    standIn(() => {
      let sent = 0;
      const stream = new ReadableStream<Uint8Array>({
        async pull(controller) {
          if (sent === chunks) return controller.close();
          await new Promise((resolve) => setTimeout(resolve, 20)); // the whole body takes > the 50 ms timeout
          controller.enqueue(new TextEncoder().encode(`chunk${sent}.`));
          sent += 1;
        },
      });
      return new Response(stream, { headers: { 'Content-Type': 'text/plain' } });
    });
    const res = await app.request('https://broker.test/api/v1/simulator/download-probe', { headers: ADMIN }, live);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('chunk0.chunk1.chunk2.chunk3.chunk4.chunk5.');
  });

  it('starts the reply timeout only once a slow upload has been handed over whole', async () => {
    let received = '';
    standIn(
      (request) =>
        new Promise<Response>((resolve, reject) => {
          request.signal.addEventListener('abort', () => reject(request.signal.reason));
          request.text().then((text) => {
            received = text;
            resolve(Response.json({ code: 0, data: { bytes: text.length } }));
          }, reject);
        }),
    );
    let sent = 0;
    const slowUpload = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (sent === 6) return controller.close();
        await new Promise((resolve) => setTimeout(resolve, 20)); // the whole upload takes > the 50 ms timeout
        controller.enqueue(new TextEncoder().encode('part.'));
        sent += 1;
      },
    });
    const res = await app.request(
      'https://broker.test/api/v1/tos/upload',
      { method: 'PUT', headers: ADMIN, body: slowUpload, duplex: 'half' } as RequestInit,
      live,
    );
    expect(res.status).toBe(200);
    expect(received).toBe('part.part.part.part.part.part.');
  });

  it('logs one line per admin call with method, path, status, duration and request id, and no secret', async () => {
    standIn(() => Response.json({ code: 0, data: {} }));
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    await app.request('https://broker.test/api/v1/user/remainingCoins?secret=abc', { headers: ADMIN }, live);
    const lines = log.mock.calls.map((args) => String(args[0])).filter((line) => line.includes('admin_call'));
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0] as string);
    expect(entry).toMatchObject({ event: 'admin_call', method: 'GET', path: '/api/v1/user/remainingCoins', status: 200 });
    expect(typeof entry.durationMs).toBe('number');
    expect(entry.requestId).toMatch(/\S/);
    expect(lines[0]).not.toContain('test-admin-token');
    expect(lines[0]).not.toContain('a2e-live-key');
    expect(lines[0]).not.toContain('secret=abc');
  });
});
