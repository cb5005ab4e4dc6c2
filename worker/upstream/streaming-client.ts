import type { Env } from '../env';
import type { AvatarSummary } from '../../protocol/broker-api';
import { ApiError } from '../errors';
import { streamingEndpoints as endpoints } from '../catalogue/streaming-endpoints';
import { callA2e } from './a2e-call';

/** What A2E's agora-token gives: the room the avatar publishes into, and the browser's place in it. */
export interface StreamingRoom {
  appId: string;
  token: string;
  channel: string;
  uid: number;
}

/**
 * Typed calls for A2E's streaming-avatar endpoints. Replies are read liberally (A2E's field
 * names are not all documented), but a reply missing what the broker needs is a 502.
 */
export const a2eStreaming = {
  async listAvatars(env: Env): Promise<AvatarSummary[]> {
    const data = await callA2e(env, endpoints.listAvatars, { retry: true });
    const list = Array.isArray(data) ? data : firstArray(data, ['list', 'rows', 'avatars', 'items']);
    if (!list) throw malformed();
    return list.flatMap((item) => {
      const avatar = toAvatar(item);
      return avatar ? [avatar] : [];
    });
  },

  async createRoom(env: Env, avatarId: string, expireSeconds: number): Promise<StreamingRoom> {
    const data = await callA2e(env, endpoints.createToken, {
      body: { avatar_id: avatarId, expire_seconds: expireSeconds },
    });
    const record = asRecord(data);
    const appId = firstString(record, ['appId', 'app_id', 'appid']);
    const token = firstString(record, ['token', 'rtc_token', 'agora_token']);
    const channel = firstString(record, ['channel', 'channel_name', 'channelName']);
    const uid = toUid(record?.uid ?? record?.user_id);
    if (!appId || !token || !channel || uid === undefined) throw malformed();
    return { appId, token, channel, uid };
  },

  async setContext(env: Env, channel: string, context: string): Promise<void> {
    await callA2e(env, endpoints.setQaContext, { body: { channel, context } });
  },

  async getContext(env: Env, channel: string): Promise<string> {
    const data = await callA2e(env, endpoints.getQaContext, { query: { channel }, retry: true });
    if (typeof data === 'string') return data;
    if (data === null || data === undefined) return '';
    const context = firstString(asRecord(data), ['context', 'qa_context', 'text'], true);
    if (context === undefined) throw malformed();
    return context;
  },

  /** The answer text where A2E gives it. */
  async ask(env: Env, channel: string, question: string): Promise<string | undefined> {
    const data = await callA2e(env, endpoints.ask, { body: { channel, question } });
    if (typeof data === 'string') return data || undefined;
    return firstString(asRecord(data), ['answer', 'text', 'reply', 'result']);
  },

  async speak(env: Env, channel: string, text: string): Promise<void> {
    await callA2e(env, endpoints.speak, { body: { channel, text } });
  },

  /** Ends the room and its billing; safe to repeat, so retried. */
  async leave(env: Env, channel: string, uid: number): Promise<void> {
    await callA2e(env, endpoints.leave, { body: { channel, uid }, retry: true });
  },
};

function toAvatar(item: unknown): AvatarSummary | undefined {
  const record = asRecord(item);
  const id = firstString(record, ['_id', 'id', 'avatar_id', 'avatarId']);
  if (!id) return undefined;
  const avatar: AvatarSummary = { id, name: firstString(record, ['name', 'title', 'avatar_name']) ?? id };
  const image = firstString(record, [
    'preview_img', 'preview_image', 'previewImage', 'preview_image_url', 'previewImageUrl',
    'image_url', 'imageUrl', 'image', 'video_cover', 'cover', 'poster', 'thumbnail',
  ]);
  const video = firstString(record, [
    'preview_video', 'preview_video_url', 'previewVideo', 'previewVideoUrl', 'video_url', 'videoUrl', 'video',
  ]);
  // `preview_url` names either kind: tell them apart by the file's extension.
  const preview = firstString(record, ['preview_url', 'previewUrl']);
  const previewIsVideo = preview !== undefined && /\.(mp4|webm|mov|m3u8)(\?|#|$)/i.test(preview);
  const gender = firstString(record, ['gender', 'sex']);
  const imageUrl = image ?? (previewIsVideo ? undefined : preview);
  const videoUrl = video ?? (previewIsVideo ? preview : undefined);
  if (imageUrl) avatar.previewImageUrl = imageUrl;
  if (videoUrl) avatar.previewVideoUrl = videoUrl;
  if (gender) avatar.gender = gender;
  return avatar;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function firstString(record: Record<string, unknown> | undefined, keys: string[], allowEmpty = false): string | undefined {
  for (const key of keys) {
    const value = record?.[key];
    if (typeof value === 'string' && (allowEmpty || value !== '')) return value;
  }
  return undefined;
}

function firstArray(value: unknown, keys: string[]): unknown[] | undefined {
  const record = asRecord(value);
  for (const key of keys) {
    const candidate = record?.[key];
    if (Array.isArray(candidate)) return candidate;
  }
  return undefined;
}

/** Agora uids are 32-bit unsigned integers; some clients see them as numeric strings. */
function toUid(value: unknown): number | undefined {
  const uid = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  return typeof uid === 'number' && Number.isInteger(uid) && uid >= 0 && uid <= 0xffffffff ? uid : undefined;
}

function malformed(): ApiError {
  return new ApiError(502, 'upstream_error', 'A2E sent a reply the broker could not read.');
}
