import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { env } from './broker/testing/broker-test-kit';
import type { Env } from './env';
import { app } from './app';

describe('GET /health', () => {
  it('reports simulator mode, A2E’s QA as the brain and no speech-to-text when nothing is configured', async () => {
    const res = await SELF.fetch('https://broker.test/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, mode: 'simulator', brain: 'a2e', stt: false });
  });

  it('is readable from any page (the widget reads the default brain there)', async () => {
    const res = await SELF.fetch('https://broker.test/health', { headers: { Origin: 'https://anywhere.example' } });
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe('*');
  });

  it('reports the model as the brain once LLM_BASE_URL names one', async () => {
    const res = await app.request('https://broker.test/health', {}, { ...env, LLM_BASE_URL: 'https://llm.example/v1' } as Env);
    expect(await res.json()).toEqual({ ok: true, mode: 'simulator', brain: 'model', stt: false });
  });

  it('answers unknown routes with the JSON error shape', async () => {
    const res = await SELF.fetch('https://broker.test/nope');
    expect(res.status).toBe(404);
    const body = (await res.json()) as { error: { code: string; requestId: string } };
    expect(body.error.code).toBe('not_found');
    expect(body.error.requestId).toMatch(/\S+/);
  });
});
