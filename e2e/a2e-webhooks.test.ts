import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorker, type RunningWorker } from './worker-server';

/**
 * The simulator's webhooks as a developer meets them: a Worker under `wrangler dev`, a handler
 * listening on loopback, a task started through the proxy with `webhook_url` and
 * `webhook_token`. The event arrives once, with the token; the Worker's own receiver keeps it.
 */
const ADMIN_TOKEN = 'e2e-admin-token';
const WEBHOOK_TOKEN = 'e2e-webhook-token';

interface Received {
  headers: IncomingHttpHeaders;
  body: { event: string; _id: string; task: Record<string, unknown> };
}

let worker: RunningWorker;
let receiver: Server;
let receiverUrl = '';
const received: Received[] = [];

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body: JSON.parse(body) as Received['body'] });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/a2e`;
  worker = await startWorker({ ADMIN_TOKEN, A2E_WEBHOOK_TOKEN: WEBHOOK_TOKEN });
});

afterAll(async () => {
  await worker?.stop();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});

async function admin(path: string, body?: unknown): Promise<{ code: number; data: { _id: string } }> {
  const res = await fetch(`${worker.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return (await res.json()) as { code: number; data: { _id: string } };
}

async function until<T>(what: () => Promise<T | undefined> | T | undefined, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await what();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('simulated A2E webhooks under wrangler dev', () => {
  it('POSTs task.completed once to a loopback handler, with X-A2e-Webhook-Token', async () => {
    const started = await admin('/api/v1/userUpscale/start', { name: 'hooked', source_url: 'https://files.example/v.mp4', webhook_url: receiverUrl, webhook_token: 'handler-secret' });
    expect(started.code).toBe(0);
    const event = await until(() => received.find((r) => r.body._id === started.data._id));
    expect(event.headers['x-a2e-webhook-token']).toBe('handler-secret');
    expect(event.body).toMatchObject({ event: 'task.completed', task: { _id: started.data._id, current_status: 'completed', result_url: expect.any(String) } });
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(received.filter((r) => r.body._id === started.data._id)).toHaveLength(1);
  });

  it("delivers into the Worker's own receiver, which the back office reads", async () => {
    const started = await admin('/api/v1/talkingVideo/start', {
      name: 'please fail',
      video_url: 'https://files.example/v.mp4',
      prompt: 'p',
      negative_prompt: 'n',
      webhook_url: `${worker.url}/api/webhooks/a2e`,
      webhook_token: WEBHOOK_TOKEN,
    });
    const events = await until(async () => {
      const res = await fetch(`${worker.url}/api/webhooks/a2e/events?taskId=${started.data._id}`, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
      const list = ((await res.json()) as { events: { event: string; taskId: string }[] }).events;
      return list.length ? list : undefined;
    });
    expect(events).toEqual([expect.objectContaining({ event: 'task.failed', taskId: started.data._id })]);
  });
});
