import { hasEnded, presentRecord, RUN_MS } from './task-lifecycle';
import type { PendingWebhook, StoredRecord } from './task-store';

export type WebhookSender = (url: string, init: RequestInit) => Promise<Response>;

/** The event A2E POSTs when a task started with `webhook_url` ends (ref: event name and `_id`; the task record beside them). */
export interface WebhookEvent {
  event: 'task.completed' | 'task.failed';
  _id: string;
  task: Record<string, unknown>;
}

const SEND_TIMEOUT_MS = 10_000;

/** When a task's webhook falls due: just after it has walked its states. */
export const WEBHOOK_AFTER_MS = RUN_MS + 50;

/**
 * Sends one task's webhook, as A2E does (ref, the catalogue's header): one POST of the event,
 * with the start call's `webhook_token` echoed in `X-A2e-Webhook-Token`, best effort, no retry.
 * Any URL, loopback included: that is how a developer tests a handler on their own machine. A
 * task that has not ended (the `queued` and `stuck` test switches) sends nothing.
 */
export async function deliverWebhook(hook: PendingWebhook, record: StoredRecord, now: number, send: WebhookSender): Promise<boolean> {
  const { ended, failed } = hasEnded(record, now);
  if (!ended) return false;
  const event: WebhookEvent = { event: failed ? 'task.failed' : 'task.completed', _id: record._id, task: presentRecord(record, now) };
  const headers: Record<string, string> = { 'Content-Type': 'application/json', 'User-Agent': 'a2e-simulator-webhook' };
  if (hook.token) headers['X-A2e-Webhook-Token'] = hook.token;
  try {
    const res = await send(hook.url, { method: 'POST', headers, body: JSON.stringify(event), signal: AbortSignal.timeout(SEND_TIMEOUT_MS) });
    await res.body?.cancel();
    console.log(JSON.stringify({ level: 'info', event: 'sim_webhook', task: record._id, status: res.status }));
    return true;
  } catch (err) {
    // The URL is the developer's own; its host is logged, never its query (it may hold a secret).
    console.log(JSON.stringify({ level: 'warn', event: 'sim_webhook_failed', task: record._id, host: safeHost(hook.url), error: err instanceof Error ? err.name : 'error' }));
    return false;
  }
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'invalid-url';
  }
}
