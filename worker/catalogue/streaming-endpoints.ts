import { catalogue } from '../../protocol/a2e-catalogue/index';

const streaming = catalogue.streaming;

/**
 * The A2E streaming-avatar endpoints (shared/a2e-api.md, "Streaming avatar") the broker depends
 * on: method and path, taken from the catalogue of the whole API
 * (protocol/a2e-catalogue/sections/streaming.ts, which also holds their request and reply
 * schemas and marks), so correcting a path there corrects it everywhere. `get-qa-context` is not
 * here: A2E documents nothing of it, so the broker answers a context read from its own record.
 */
export const streamingEndpoints = {
  /** GET; reply data: array of avatars (`_id`, `name`; seen: preview URLs, `gender`). */
  listAvatars: { method: streaming.listAvatars.method, path: streaming.listAvatars.path },
  /** POST `{ avatar_id, expire_seconds }` (seen); reply data `{ appId, token, channel, uid }` (doc). */
  createToken: { method: streaming.createToken.method, path: streaming.createToken.path },
  /** POST `{ channel, text }`, text at most 5 000 characters (doc). */
  setQaContext: { method: streaming.setQaContext.method, path: streaming.setQaContext.path },
  /** POST `{ text, channel }`; reply data `{}`: the answer goes into the room (doc). */
  ask: { method: streaming.ask.method, path: streaming.ask.path },
  /** POST `{ channel, text }` (path doc, body seen). */
  speak: { method: streaming.speak.method, path: streaming.speak.path },
  /** POST `{ channel }` (doc); ends billing. */
  leave: { method: streaming.leave.method, path: streaming.leave.path },
} as const;

/** A2E's `code` for "all hosts are occupied" (no free GPU). */
export const A2E_CODE_HOSTS_BUSY = 1001;
