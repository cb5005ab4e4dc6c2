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
  /** When A2E says the room expires (Unix ms, whole seconds), where its reply states it. */
  expiresAt?: number;
}

/**
 * Typed calls for A2E's streaming-avatar endpoints, each exactly as shared/a2e-api.md states it.
 * Replies are read liberally (A2E's field names are not all documented), but a reply missing what
 * the broker needs is a 502.
 */
export const a2eStreaming = {
  async listAvatars(env: Env): Promise<AvatarSummary[]> {
    const data = await callA2e(env, endpoints.listAvatars, { retry: true });
    // doc: data is the array; seen: some clients find it under a key, so both are read.
    const list = Array.isArray(data) ? data : firstArray(data, ['list', 'rows', 'avatars', 'items']);
    if (!list) throw malformed();
    return list.flatMap((item) => {
      const avatar = toAvatar(item);
      return avatar ? [avatar] : [];
    });
  },

  async createRoom(env: Env, avatarId: string, expireSeconds: number): Promise<StreamingRoom> {
    // seen: the token page documents the reply, not the body; every public client sends these two.
    const data = await callA2e(env, endpoints.createToken, {
      body: { avatar_id: avatarId, expire_seconds: expireSeconds },
    });
    const record = asRecord(data);
    const appId = firstString(record, ['appId', 'app_id', 'appid']);
    const token = firstString(record, ['token', 'rtc_token', 'agora_token']);
    const channel = firstString(record, ['channel', 'channel_name', 'channelName']);
    const uid = toUid(record?.uid ?? record?.user_id);
    if (!appId || !token || !channel || uid === undefined) throw malformed();
    const expiresAt = statedExpiry(record);
    return { appId, token, channel, uid, ...(expiresAt === undefined ? {} : { expiresAt }) };
  },

  /** doc: `{ channel, text }`, the text at most 5 000 characters (the broker refuses longer first). */
  async setContext(env: Env, channel: string, text: string): Promise<void> {
    await callA2e(env, endpoints.setQaContext, { body: { channel, text } });
  },

  /**
   * doc: `{ text, channel }`. A2E's reply carries no answer: the avatar says it in the room and
   * sends it there as QA stream messages, which the widget reads.
   */
  async ask(env: Env, channel: string, question: string): Promise<void> {
    await callA2e(env, endpoints.ask, { body: { text: question, channel } });
  },

  /** path doc, body seen: `{ channel, text }`. */
  async speak(env: Env, channel: string, text: string): Promise<void> {
    await callA2e(env, endpoints.speak, { body: { channel, text } });
  },

  /**
   * Ends the room and its billing; safe to repeat, so retried. doc: `{ channel }` and nothing else
   * (earlier code also sent the uid, which A2E does not document).
   */
  async leave(env: Env, channel: string): Promise<void> {
    await callA2e(env, endpoints.leave, { body: { channel }, retry: true });
  },
};

/**
 * seen, not documented: some agora-token replies state the room's expiry, as Unix seconds
 * (`expire_epoch_timestamp`) or a UTC date (`expire_date_UTC`). Whole seconds, in ms; undefined
 * when neither is there or what is there is not a time still to come (garbage is ignored, and
 * the broker's own limit holds).
 */
export function statedExpiry(record: Record<string, unknown> | undefined, now = Date.now()): number | undefined {
  const epoch = record?.expire_epoch_timestamp;
  const seconds = typeof epoch === 'string' && /^\d+(\.\d+)?$/.test(epoch.trim()) ? Number(epoch) : epoch;
  if (typeof seconds === 'number' && Number.isFinite(seconds)) return future(Math.floor(seconds) * 1000, now);
  const date = record?.expire_date_UTC;
  if (typeof date === 'string') return future(Math.floor(parseUtc(date) / 1000) * 1000, now);
  return undefined;
}

function future(ms: number, now: number): number | undefined {
  return Number.isFinite(ms) && ms > now ? ms : undefined;
}

/** A date A2E names UTC; without a zone of its own ("2025-01-31 12:00:00") it is read as UTC. */
function parseUtc(text: string): number {
  const trimmed = text.trim();
  const dateTime = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(:\d{2}(\.\d+)?)?)$/.exec(trimmed);
  return dateTime ? Date.parse(`${dateTime[1]}T${dateTime[2]}Z`) : Date.parse(trimmed);
}

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

function firstString(record: Record<string, unknown> | undefined, keys: string[]): string | undefined {
  for (const key of keys) {
    const value = record?.[key];
    if (typeof value === 'string' && value !== '') return value;
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
