import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { app } from '../app';
import type { Env } from '../env';
import type { ReceivedEvent } from './webhook-inbox';

const TOKEN = 'whk-test-token';
const on = { ...(env as unknown as Env), A2E_WEBHOOK_TOKEN: TOKEN };
const ADMIN = { Authorization: 'Bearer test-admin-token' };
const EVENTS = 'https://broker.test/api/webhooks/a2e/events';

function deliver(body: unknown, headers: Record<string, string>, bindings: Env = on) {
  return app.request(
    'https://broker.test/api/webhooks/a2e',
    { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) },
    bindings,
  );
}

async function events(query = ''): Promise<ReceivedEvent[]> {
  const res = await app.request(`${EVENTS}${query}`, { headers: ADMIN }, on);
  expect(res.status).toBe(200);
  return ((await res.json()) as { events: ReceivedEvent[] }).events;
}

const event = (id: string, name = 'task.completed') => ({ event: name, _id: id, task: { _id: id, current_status: 'completed' } });

describe('POST /api/webhooks/a2e', () => {
  it('keeps an event that carries the configured token, and lists it newest first for the admin', async () => {
    expect((await deliver(event('aaaaaaaaaaaaaaaaaaaaaaa1'), { 'X-A2e-Webhook-Token': TOKEN })).status).toBe(200);
    const res = await deliver(event('aaaaaaaaaaaaaaaaaaaaaaa2', 'task.failed'), { 'x-a2e-webhook-token': TOKEN });
    expect(await res.json()).toMatchObject({ ok: true, id: expect.any(Number) });
    const list = await events();
    expect(list.slice(0, 2).map((e) => [e.event, e.taskId])).toEqual([
      ['task.failed', 'aaaaaaaaaaaaaaaaaaaaaaa2'],
      ['task.completed', 'aaaaaaaaaaaaaaaaaaaaaaa1'],
    ]);
    expect(list[0]!.payload).toMatchObject({ task: { _id: 'aaaaaaaaaaaaaaaaaaaaaaa2' } });
    expect(await events('?taskId=aaaaaaaaaaaaaaaaaaaaaaa1')).toHaveLength(1);
  });

  it('answers 401 to a wrong or missing token and stores nothing', async () => {
    const before = (await events('?limit=200')).length;
    const attempts: Record<string, string>[] = [{}, { 'X-A2e-Webhook-Token': 'wrong' }, { 'X-A2e-Webhook-Token': `${TOKEN}x` }, { Authorization: `Bearer ${TOKEN}` }];
    for (const headers of attempts) {
      const res = await deliver(event('bbbbbbbbbbbbbbbbbbbbbbb1'), headers);
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
    }
    expect((await events('?limit=200')).length).toBe(before);
  });

  it('is off (503 not_configured) without A2E_WEBHOOK_TOKEN, and refuses what is not an event', async () => {
    const off = await deliver(event('ccccccccccccccccccccccc1'), { 'X-A2e-Webhook-Token': TOKEN }, { ...on, A2E_WEBHOOK_TOKEN: '' });
    expect(off.status).toBe(503);
    expect(((await off.json()) as { error: { code: string } }).error.code).toBe('not_configured');
    expect((await deliver('{not json', { 'X-A2e-Webhook-Token': TOKEN })).status).toBe(400);
    expect((await deliver({ _id: 'x' }, { 'X-A2e-Webhook-Token': TOKEN })).status).toBe(400);
    expect((await deliver({ event: 'task.completed', pad: 'x'.repeat(300 * 1024) }, { 'X-A2e-Webhook-Token': TOKEN })).status).toBe(413);
  });
});

describe('GET /api/webhooks/a2e/events', () => {
  it('needs the admin token', async () => {
    expect((await app.request(EVENTS, {}, on)).status).toBe(401);
    expect((await app.request(EVENTS, { headers: { Authorization: `Bearer ${TOKEN}` } }, on)).status).toBe(401);
    expect((await app.request(EVENTS, { headers: ADMIN }, { ...on, ADMIN_TOKEN: '' })).status).toBe(503);
  });

  it('checks its limit', async () => {
    expect((await app.request(`${EVENTS}?limit=0`, { headers: ADMIN }, on)).status).toBe(400);
    expect((await app.request(`${EVENTS}?limit=201`, { headers: ADMIN }, on)).status).toBe(400);
  });
});
