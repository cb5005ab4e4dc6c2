import { catalogue } from '../../protocol/a2e-catalogue/index';

const streaming = catalogue.streaming;

/**
 * The A2E streaming-avatar endpoints (shared/a2e-api.md, "Streaming avatar") as the broker's
 * upstream client and the streaming simulator use them: method and path, taken from the
 * catalogue of the whole API (protocol/a2e-catalogue/sections/streaming.ts, which also holds
 * their request and reply schemas), so correcting a path there corrects it everywhere.
 */
export const streamingEndpoints = {
  /** GET; reply data: array of avatars (`_id`, `name`, preview URLs, `gender`, ...). */
  listAvatars: { method: streaming.listAvatars.method, path: streaming.listAvatars.path },
  /** POST `{ avatar_id, expire_seconds }`; reply data `{ appId, token, channel, uid }`. */
  createToken: { method: streaming.createToken.method, path: streaming.createToken.path },
  /** POST `{ channel, context }`. */
  setQaContext: { method: streaming.setQaContext.method, path: streaming.setQaContext.path },
  /** GET `?channel=`; reply data `{ context }`. */
  getQaContext: { method: streaming.getQaContext.method, path: streaming.getQaContext.path },
  /** POST `{ channel, question }`; reply data `{ answer }` where given. */
  ask: { method: streaming.ask.method, path: streaming.ask.path },
  /** POST `{ channel, text }`. */
  speak: { method: streaming.speak.method, path: streaming.speak.path },
  /** POST `{ channel, uid }`; ends billing. */
  leave: { method: streaming.leave.method, path: streaming.leave.path },
} as const;

/** A2E's `code` for "all hosts are occupied" (no free GPU). */
export const A2E_CODE_HOSTS_BUSY = 1001;
