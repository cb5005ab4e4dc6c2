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
