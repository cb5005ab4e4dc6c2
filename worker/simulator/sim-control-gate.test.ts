import { describe, expect, it } from 'vitest';
import { app } from '../app';
import { env, WORKER_BASE } from './test-support';

const PUBLIC_ADDRESS = '203.0.113.7';
const CONTROL_TOKEN = 'sim-control-secret';

function call(path: string, init: { method?: string; address?: string; token?: string; body?: unknown; controlToken?: string } = {}) {
  const headers: Record<string, string> = {};
  if (init.address) headers['CF-Connecting-IP'] = init.address;
  if (init.token) headers.Authorization = `Bearer ${init.token}`;
  const body = init.body === undefined ? undefined : JSON.stringify(init.body);
  const bindings = init.controlToken === undefined ? env : { ...env, SIM_CONTROL_TOKEN: init.controlToken };
  return app.request(WORKER_BASE + path, { method: init.method ?? 'GET', headers, body }, bindings);
}

describe('the simulator controls on a public deployment', () => {
  it('refuses the fault switches, statistics and room drops to a visitor from the internet', async () => {
    for (const [method, path, body] of [
      ['GET', '/sim/faults'],
      ['POST', '/sim/faults', { fail5xx: 100 }],
      ['DELETE', '/sim/faults'],
      ['GET', '/sim/stats'],
      ['POST', '/sim/rooms/some-channel/drop'],
    ] as const) {
      const res = await call(path, { method, address: PUBLIC_ADDRESS, body });
      expect(res.status, `${method} ${path}`).toBe(403);
      const reply = (await res.json()) as { error: { code: string; message: string } };
      expect(reply.error.code).toBe('forbidden');
      expect(reply.error.message).toContain('SIM_CONTROL_TOKEN');
    }
    // The refused switch did nothing: no fault is armed.
    const faults = (await (await call('/sim/faults')).json()) as { fail5xx: number };
    expect(faults.fail5xx).toBe(0);
  });

  it('answers on loopback (the developer machine under wrangler dev) without a token', async () => {
    for (const address of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) {
      expect((await call('/sim/stats', { address })).status, address).toBe(200);
    }
  });

  it('answers a caller from elsewhere that presents SIM_CONTROL_TOKEN, and no other token', async () => {
    const ok = await call('/sim/stats', { address: PUBLIC_ADDRESS, token: CONTROL_TOKEN, controlToken: CONTROL_TOKEN });
    expect(ok.status).toBe(200);
    const wrong = await call('/sim/stats', { address: PUBLIC_ADDRESS, token: 'guess', controlToken: CONTROL_TOKEN });
    expect(wrong.status).toBe(403);
    const admin = await call('/sim/stats', { address: PUBLIC_ADDRESS, token: env.ADMIN_TOKEN, controlToken: CONTROL_TOKEN });
    expect(admin.status).toBe(403);
  });

  it('keeps what visitors need public: avatar portraits', async () => {
    const res = await call('/sim/avatars/nope/preview.svg', { address: PUBLIC_ADDRESS });
    expect(res.status).toBe(404); // reached the route: no such avatar, not forbidden
  });
});
