/**
 * The A2E streaming-avatar endpoints (shared/a2e-api.md, "Streaming avatar"): the one table the
 * broker's upstream client and the simulator both follow, so correcting a path or a field is a
 * one-line change. Issue 5 folds this into the catalogue of the whole API.
 */
export const streamingEndpoints = {
  /** GET; reply data: array of avatars (`_id`, `name`, preview URLs, `gender`, ...). */
  listAvatars: { method: 'GET', path: '/api/v1/streaming-avatar/all_avatars' },
  /** POST `{ avatar_id, expire_seconds }`; reply data `{ appId, token, channel, uid }`. */
  createToken: { method: 'POST', path: '/api/v1/streaming-avatar/agora-token' },
  /** POST `{ channel, context }`. */
  setQaContext: { method: 'POST', path: '/api/v1/streaming-avatar/set-qa-context' },
  /** GET `?channel=`; reply data `{ context }`. */
  getQaContext: { method: 'GET', path: '/api/v1/streaming-avatar/get-qa-context' },
  /** POST `{ channel, question }`; reply data `{ answer }` where given. */
  ask: { method: 'POST', path: '/api/v1/streaming-avatar/question' },
  /** POST `{ channel, text }`. */
  speak: { method: 'POST', path: '/api/v1/streaming-avatar/speak' },
  /** POST `{ channel, uid }`; ends billing. */
  leave: { method: 'POST', path: '/api/v1/streaming-avatar/leave' },
} as const;

/** A2E's `code` for "all hosts are occupied" (no free GPU). */
export const A2E_CODE_HOSTS_BUSY = 1001;
