import { Hono } from 'hono';
import type { AppEnv } from '../env';
import type { AvatarsReply, AvatarSummary } from '../../protocol/broker-api';
import { readConfig } from '../config';
import { a2eStreaming } from '../upstream/streaming-client';
import { transportFor } from './session-rtc';

/** How long one answer from A2E serves every visitor (and browsers may keep it as long). */
export const AVATARS_CACHE_SECONDS = 60;

/**
 * GET /avatars: the streaming avatars a visitor may pick. Cached in the Cache API per upstream,
 * so a busy page asks A2E about once a minute per data centre, not once a visitor.
 */
export const avatarsRoutes = new Hono<AppEnv>().get('/avatars', async (c) => {
  const config = readConfig(c.env);
  const cacheKey = new Request(
    `https://a2e-avatar.cache/v1/avatars?mode=${config.mode}&upstream=${encodeURIComponent(config.baseUrl)}`,
  );
  const cache = caches.default;
  const hit = await cache.match(cacheKey);
  let avatars: AvatarSummary[];
  if (hit) {
    avatars = await hit.json<AvatarSummary[]>();
  } else {
    avatars = await a2eStreaming.listAvatars(c.env);
    await cache.put(
      cacheKey,
      Response.json(avatars, { headers: { 'Cache-Control': `max-age=${AVATARS_CACHE_SECONDS}` } }),
    );
  }
  return c.json<AvatarsReply>({ avatars, transport: transportFor(config) }, 200, {
    'Cache-Control': `public, max-age=${AVATARS_CACHE_SECONDS}`,
  });
});
