import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { env } from '../test-support';
import { SIMULATOR_API_KEY } from '../../config';
import type { SimulatorTasks } from './task-store';
import { WEBHOOK_AFTER_MS } from './webhooks';
import { a2eJson } from '../test-support';

interface Sent {
  url: string;
  headers: Headers;
  body: { event: string; _id: string; task: Record<string, unknown> };
}

/** The account's Durable Object, with its webhook sender replaced by a recorder (the test's local receiver). */
async function recording(): Promise<{ sent: Sent[]; stub: DurableObjectStub<SimulatorTasks> }> {
  const stub = env.SIM_TASKS.get(env.SIM_TASKS.idFromName(SIMULATOR_API_KEY));
  const sent: Sent[] = [];
  await runInDurableObject(stub, (instance: SimulatorTasks) => {
    instance.webhookSender = async (url, init) => {
      sent.push({ url, headers: new Headers(init.headers), body: JSON.parse(String(init.body)) as Sent['body'] });
      return new Response('ok');
    };
  });
  return { sent, stub };
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('simulated A2E webhooks', () => {
  it('POSTs task.completed once, with the token in X-A2e-Webhook-Token and the task record', { timeout: 15_000 }, async () => {
    const { sent, stub } = await recording();
    const started = await a2eJson<{ _id: string }>('/api/v1/userUpscale/start', {
      method: 'POST',
      body: { name: 'hooked', source_url: 'https://f/v.mp4', webhook_url: 'http://127.0.0.1:9999/hook', webhook_token: 'tok-123' },
    });
    const quiet = await a2eJson<{ _id: string }>('/api/v1/userUpscale/start', { method: 'POST', body: { name: 'no hook', source_url: 'https://f/v.mp4' } });
    await runDurableObjectAlarm(stub);
    expect(sent).toEqual([]); // not yet ended: nothing is sent early
    await wait(WEBHOOK_AFTER_MS + 100);
    await runDurableObjectAlarm(stub);
    await runDurableObjectAlarm(stub);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.url).toBe('http://127.0.0.1:9999/hook');
    expect(sent[0]!.headers.get('X-A2e-Webhook-Token')).toBe('tok-123');
    expect(sent[0]!.headers.get('Content-Type')).toBe('application/json');
    expect(sent[0]!.body).toMatchObject({ event: 'task.completed', _id: started.data!._id, task: { _id: started.data!._id, current_status: 'completed', result_url: expect.any(String) } });
    expect(sent[0]!.body.task).not.toHaveProperty('webhook_token');
    expect(sent.some((s) => s.body._id === quiet.data!._id)).toBe(false);
  });

  it('POSTs task.failed for a task that fails, and nothing for one that never ends', { timeout: 15_000 }, async () => {
    const { sent, stub } = await recording();
    const failing = await a2eJson<{ _id: string }>('/api/v1/userDubbing/startDubbing', { method: 'POST', body: { name: 'fail', webhook_url: 'https://hooks.example/a' } });
    await a2eJson('/api/v1/userDubbing/startDubbing', { method: 'POST', body: { name: 'queued', webhook_url: 'https://hooks.example/b' } });
    await wait(WEBHOOK_AFTER_MS + 100);
    await runDurableObjectAlarm(stub);
    expect(sent.map((s) => [s.url, s.body.event, s.body._id])).toEqual([['https://hooks.example/a', 'task.failed', failing.data!._id]]);
    expect(sent[0]!.headers.has('X-A2e-Webhook-Token')).toBe(false);
  });
});
