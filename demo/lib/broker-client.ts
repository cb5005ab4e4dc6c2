import type { AvatarsReply, HealthReply } from '../../protocol/broker-api';
import { absoluteUrl } from './absolute-url';

/** The two read-only broker calls the demo page makes itself; sessions are the element's business. */
export async function fetchHealth(server: string): Promise<HealthReply> {
  return getJson<HealthReply>(new URL('/health', server).href);
}

/** The avatars a visitor may pick, with preview URLs made absolute (they may be paths on the broker). */
export async function fetchAvatars(server: string): Promise<AvatarsReply> {
  const reply = await getJson<AvatarsReply>(new URL('/v1/avatars', server).href);
  const avatars = reply.avatars.map((avatar) => {
    const previewImageUrl = absoluteUrl(avatar.previewImageUrl, server);
    const previewVideoUrl = absoluteUrl(avatar.previewVideoUrl, server);
    return {
      ...avatar,
      ...(previewImageUrl ? { previewImageUrl } : {}),
      ...(previewVideoUrl ? { previewVideoUrl } : {}),
    };
  });
  return { ...reply, avatars };
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
