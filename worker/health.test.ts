import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';

describe('GET /health', () => {
  it('reports simulator mode when no A2E key is set', async () => {
    const res = await SELF.fetch('https://broker.test/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, mode: 'simulator', stt: false });
  });

  it('answers unknown routes with the JSON error shape', async () => {
    const res = await SELF.fetch('https://broker.test/nope');
    expect(res.status).toBe(404);
    const body = (await res.json()) as { error: { code: string; requestId: string } };
    expect(body.error.code).toBe('not_found');
    expect(body.error.requestId).toMatch(/\S+/);
  });
});

describe('GET /health from a page on another origin', () => {
  it('is readable from any origin, so the widget can tell whether the broker transcribes', async () => {
    const res = await SELF.fetch('https://broker.test/health', { headers: { Origin: 'https://anywhere.example' } });
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe('*');
    expect(((await res.json()) as { stt: boolean }).stt).toBe(false);
  });
});
