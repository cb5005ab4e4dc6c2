import { describe, expect, it } from 'vitest';
import { app } from '../app';
import { streamingEndpoints as endpoints } from '../catalogue/streaming-endpoints';
import { SIM_AVATARS } from './sim-avatars';
import { a2e, a2eJson, createChannel, env, sim, stats } from './test-support';

describe('GET /sim/stats', () => {
  it('counts every simulated call per path, refused and unauthorised ones included', async () => {
    const before = (await stats()).calls;
    const { channel } = await createChannel();
    await a2eJson(endpoints.speak.path, { body: { channel, text: 'One.' } });
    await a2eJson(endpoints.speak.path, { body: { channel } });
    await a2e(endpoints.speak.path, { body: { channel, text: 'Two.' }, headers: { Authorization: 'Bearer nope' } });
    const after = (await stats()).calls;
    expect((after[endpoints.speak.path] ?? 0) - (before[endpoints.speak.path] ?? 0)).toBe(3);
    expect((after[endpoints.createToken.path] ?? 0) - (before[endpoints.createToken.path] ?? 0)).toBe(1);
    expect(after[endpoints.ask.path]).toBe(before[endpoints.ask.path]);
  });

  it('counts open channels: a new token opens one, leave closes it', async () => {
    const start = (await stats()).openChannels;
    const a = await createChannel();
    await createChannel();
    expect((await stats()).openChannels).toBe(start + 2);
    await a2eJson(endpoints.leave.path, { body: { channel: a.channel } });
    expect((await stats()).openChannels).toBe(start + 1);
  });
});

describe('GET /sim/avatars/:id/preview.svg', () => {
  it('serves an SVG portrait for every listed avatar', async () => {
    for (const avatar of SIM_AVATARS) {
      const res = await sim(`/sim/avatars/${avatar._id}/preview.svg`);
      expect(res.status).toBe(200);
      expect(res.headers.get('Content-Type')).toMatch(/^image\/svg\+xml/);
      const svg = await res.text();
      expect(svg).toMatch(/^<svg /);
      expect(svg).toContain(avatar.appearance.background);
    }
  });

  it('answers an unknown avatar with 404 in the error shape', async () => {
    const res = await sim('/sim/avatars/ffffffffffffffffffffffff/preview.svg');
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });
});

describe('POST /sim/rooms/:channel/drop', () => {
  it('answers an unknown channel with 404', async () => {
    const res = await sim('/sim/rooms/sim_unknown/drop', { method: 'POST' });
    expect(res.status).toBe(404);
  });
});

describe('live mode', () => {
  it('hides the whole media plane behind 404s', async () => {
    const live = { ...env, A2E_API_KEY: 'a-real-key' };
    for (const [path, method] of [
      ['/sim/stats', 'GET'],
      ['/sim/faults', 'POST'],
      ['/sim/rooms/sim_x?token=t&uid=1', 'GET'],
      [`/sim/avatars/${SIM_AVATARS[0]!._id}/preview.svg`, 'GET'],
    ] as const) {
      const res = await app.request(path, { method, body: method === 'POST' ? '{"fail5xx":1}' : undefined }, live);
      expect(res.status, path).toBe(404);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
    }
    expect(await (await sim('/sim/faults')).json()).toMatchObject({ fail5xx: 0 });
  });
});
