import type { AvatarsReply, HealthReply } from '../../protocol/broker-api';

/** The two read-only broker calls the demo page makes itself; sessions are the element's business. */
export async function fetchHealth(server: string): Promise<HealthReply> {
  return getJson<HealthReply>(`${server}/health`);
}

export async function fetchAvatars(server: string): Promise<AvatarsReply> {
  return getJson<AvatarsReply>(`${server}/v1/avatars`);
}

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { headers: { accept: 'application/json' } });
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const message = (body as { error?: { message?: string } } | null)?.error?.message;
    throw new Error(message ?? `${url} answered ${res.status}`);
  }
  return body as T;
}
