import { Hono, type MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from '../env';
import { ApiError, errorResponse } from '../errors';
import { brokerCors } from './broker-cors';
import { corsOptions } from './origin-policy';
import { BROKER, env, SHOP } from './testing/broker-test-kit';

/** The same routes behind our middleware and behind hono/cors with the same settings. */
function appWith(middleware: MiddlewareHandler<AppEnv>): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use(middleware);
  app.post('/json', (c) => c.json({ ok: true }, 200, { 'Cache-Control': 'no-store' }));
  app.post('/refused', () => {
    throw new ApiError(429, 'rate_limited', 'Slow down.', { 'Retry-After': '3' });
  });
  // A reply built as a Response of its own, with headers as immutable as fetch()'s.
  app.post('/own-response', async () => {
    const own = new Response('{"ok":true}', { headers: { 'Content-Type': 'application/json' } });
    return new Response(own.body, own);
  });
  app.onError((err, c) => errorResponse(c, err));
  return app;
}

const ours = appWith(brokerCors);
const honos = appWith(cors(corsOptions));
const settings = { ...env, ALLOWED_ORIGINS: SHOP };

const CORS_HEADERS = [
  'access-control-allow-origin',
  'access-control-expose-headers',
  'access-control-allow-methods',
  'access-control-allow-headers',
  'access-control-max-age',
  'vary',
];

function corsHeadersOf(res: Response): Record<string, string | null> {
  return Object.fromEntries(CORS_HEADERS.map((name) => [name, res.headers.get(name)]));
}

async function both(path: string, init: RequestInit): Promise<[Response, Response]> {
  return Promise.all([ours.request(`${BROKER}${path}`, init, settings), honos.request(`${BROKER}${path}`, init, settings)]);
}

describe('the broker’s CORS', () => {
  it.each([
    ['an allowed origin', SHOP],
    ['another origin', 'https://evil.example'],
    ['the broker’s own origin', BROKER],
  ])('writes what hono/cors writes, for %s, on a reply and on an error', async (_, origin) => {
    for (const path of ['/json', '/refused']) {
      const [mine, theirs] = await both(path, { method: 'POST', headers: { Origin: origin }, body: '{}' });
      expect(mine.status).toBe(theirs.status);
      expect(corsHeadersOf(mine)).toEqual(corsHeadersOf(theirs));
    }
  });

  it('lets an allowed origin read the reply and its Retry-After, and no other', async () => {
    const allowed = await ours.request(`${BROKER}/refused`, { method: 'POST', headers: { Origin: SHOP } }, settings);
    expect(allowed.headers.get('Access-Control-Allow-Origin')).toBe(SHOP);
    expect(allowed.headers.get('Access-Control-Expose-Headers')?.split(',')).toEqual(expect.arrayContaining(['Retry-After', 'X-Request-Id']));
    expect(allowed.headers.get('Retry-After')).toBe('3');
    const other = await ours.request(`${BROKER}/json`, { method: 'POST', headers: { Origin: 'https://evil.example' } }, settings);
    expect(other.headers.get('Access-Control-Allow-Origin')).toBeNull();
    expect(other.headers.get('Vary')).toBe('Origin');
  });

  it('answers a preflight as hono/cors does', async () => {
    for (const origin of [SHOP, 'https://evil.example']) {
      const init = {
        method: 'OPTIONS',
        headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
      };
      const [mine, theirs] = await both('/json', init);
      expect(mine.status).toBe(204);
      expect(corsHeadersOf(mine)).toEqual(corsHeadersOf(theirs));
    }
  });

  it('gives a reply built as a Response of its own the same headers', async () => {
    const [mine, theirs] = await both('/own-response', { method: 'POST', headers: { Origin: SHOP } });
    expect(mine.headers.get('Access-Control-Allow-Origin')).toBe(SHOP);
    expect(corsHeadersOf(mine)).toEqual(corsHeadersOf(theirs));
    expect(await mine.json()).toEqual({ ok: true });
  });
});
