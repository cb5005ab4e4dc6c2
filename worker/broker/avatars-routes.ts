import { Hono } from 'hono';
import type { AppEnv, Env } from '../env';
import type { AvatarsReply, AvatarSummary } from '../../protocol/broker-api';
import { readConfig } from '../config';
import { a2eStreaming } from '../upstream/streaming-client';
import { transportFor } from './session-rtc';

/** How long one answer from A2E serves every visitor (and browsers may keep it as long). */
export const AVATARS_CACHE_SECONDS = 60;

/**
 * The isolate's own copy, in front of the Cache API: on workers.dev the Cache API stores nothing,
 * and a warm isolate answers without even a cache lookup.
 */
const memory = new Map<string, { avatars: AvatarSummary[]; until: number }>();

/**
 * GET /avatars: the streaming avatars a visitor may pick. Cached per upstream (isolate memory,
 * then the Cache API), so a busy page asks A2E about once a minute, not once a visitor.
 */
export const avatarsRoutes = new Hono<AppEnv>().get('/avatars', async (c) => {
  const config = readConfig(c.env);
  const avatars = await listedAvatars(c.env);
  return c.json<AvatarsReply>({ avatars, transport: transportFor(config) }, 200, {
    'Cache-Control': `public, max-age=${AVATARS_CACHE_SECONDS}`,
  });
});

/** The avatars a visitor may pick, from the cache when it is fresh. */
export function listedAvatars(env: Env): Promise<AvatarSummary[]> {
  const config = readConfig(env);
  const key = `https://a2e-avatar.cache/v1/avatars?mode=${config.mode}&upstream=${encodeURIComponent(config.baseUrl)}`;
  return cachedAvatars(key, () => a2eStreaming.listAvatars(env));
}

async function cachedAvatars(key: string, load: () => Promise<AvatarSummary[]>): Promise<AvatarSummary[]> {
  const remembered = memory.get(key);
  if (remembered && remembered.until > Date.now()) return remembered.avatars;
  const cache = caches.default;
  const hit = await cache.match(key);
  const avatars = hit ? await hit.json<AvatarSummary[]>() : await load();
  if (!hit) {
    await cache.put(key, Response.json(avatars, { headers: { 'Cache-Control': `max-age=${AVATARS_CACHE_SECONDS}` } }));
  }
  memory.set(key, { avatars, until: Date.now() + AVATARS_CACHE_SECONDS * 1000 });
  return avatars;
}
