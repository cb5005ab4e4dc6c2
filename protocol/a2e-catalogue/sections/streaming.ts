import { z } from 'zod';
import { endpoint } from '../endpoint';
import { noInput } from '../schemas';

/** Longest QA context A2E's set-qa-context takes, in characters (doc: its page says so). */
export const QA_CONTEXT_MAX_LENGTH = 5_000;

/** A2E's documentation pages for the streaming avatar (shared/a2e-api.md, "Streaming avatar"). */
const PAGES = {
  token: 'https://api.a2e.ai/get-a-streaming-avatar-token-12713815e0',
  setQaContext: 'https://api.a2e.ai/set-qa-context-12731082e0',
  ask: 'https://api.a2e.ai/ask-a-question-to-the-avatar-12731097e0',
  leave: 'https://api.a2e.ai/leave-the-room-12731099e0',
} as const;

const channel = z.string().min(1).describe('the channel of the agora-token reply');
/** Nothing is documented about these replies; whatever `data` holds is accepted. */
const undocumentedReply = z.unknown().describe('not documented');

/**
 * Streaming avatar (the broker's core; answered by the streaming simulator). The broker reads
 * its paths through worker/catalogue/streaming-endpoints.ts, which is derived from this table.
 * `confidence` is the mark of the path; a weaker mark of a field is in that field's description,
 * so the OpenAPI document and the docs page show both.
 */
export const streaming = {
  listAvatars: endpoint({
    method: 'GET',
    path: '/api/v1/streaming-avatar/all_avatars',
    summary: 'List streaming avatars',
    confidence: 'doc',
    // a2e-api.md marks the path doc without naming a page of its own.
    source: 'https://api.a2e.ai/',
    readOnly: true,
    input: noInput,
    reply: z.array(
      z.looseObject({
        _id: z.string(),
        name: z.string(),
        gender: z.string().optional().describe('seen: public clients read it; not documented'),
      }),
    ),
    sim: { action: 'streaming' },
  }),
  createToken: endpoint({
    method: 'POST',
    path: '/api/v1/streaming-avatar/agora-token',
    summary: 'Get a streaming token: the Agora room the avatar joins (billing starts)',
    confidence: 'doc',
    source: PAGES.token,
    input: z.object({
      avatar_id: z.string().min(1).describe('seen: the body is not on the token page; every public client sends this'),
      expire_seconds: z
        .number()
        .int()
        .positive()
        .optional()
        .describe('seen: seconds from now; the whole expiry is billed at once, leaving early refunds the rest'),
    }),
    reply: z.looseObject({
      appId: z.string(),
      token: z.string(),
      channel: z.string(),
      uid: z.number().describe("the browser's Agora uid"),
      expire_epoch_timestamp: z.number().optional().describe('seen: when the room expires, Unix seconds'),
      expire_date_UTC: z.string().optional().describe('seen: when the room expires, as a date'),
    }),
    sim: { action: 'streaming' },
  }),
  setQaContext: endpoint({
    method: 'POST',
    path: '/api/v1/streaming-avatar/set-qa-context',
    summary: 'Set the QA context of a room (the knowledge ask answers from)',
    confidence: 'doc',
    source: PAGES.setQaContext,
    input: z.object({ channel, text: z.string().max(QA_CONTEXT_MAX_LENGTH).describe('the context, at most 5 000 characters') }),
    reply: undocumentedReply,
    sim: { action: 'streaming' },
  }),
  getQaContext: endpoint({
    method: 'GET',
    path: '/api/v1/streaming-avatar/get-qa-context',
    summary: "Get the QA context of a room. Not documented (named in A2E's menu only): the broker never calls it",
    confidence: 'none',
    input: z.object({ channel }),
    reply: z.looseObject({ context: z.string() }).describe('none: the shape is the simulator’s guess'),
    sim: { action: 'streaming' },
  }),
  ask: endpoint({
    method: 'POST',
    path: '/api/v1/streaming-avatar/ask',
    summary: "Ask a question; the avatar answers from the QA context, into the room (the answer is not in the reply: it arrives as the room's QA stream messages)",
    confidence: 'doc',
    source: PAGES.ask,
    input: z.object({ text: z.string().min(1).describe('the question'), channel }),
    reply: z.looseObject({}).describe('{}: the answer is not in the reply'),
    sim: { action: 'streaming' },
  }),
  speak: endpoint({
    method: 'POST',
    path: '/api/v1/streaming-avatar/speak',
    summary: 'The avatar says exactly this text',
    confidence: 'doc',
    // The path is named on the Ask and Set QA Context pages; the body is only seen in clients.
    source: PAGES.ask,
    input: z.object({ channel, text: z.string().min(1).describe('seen: what the avatar says') }),
    reply: undocumentedReply,
    sim: { action: 'streaming' },
  }),
  leave: endpoint({
    method: 'POST',
    path: '/api/v1/streaming-avatar/leave',
    summary: 'Leave the room: ends billing, the unused expiry is refunded (until then A2E keeps charging)',
    confidence: 'doc',
    source: PAGES.leave,
    input: z.object({ channel }),
    reply: undocumentedReply,
    sim: { action: 'streaming' },
  }),
};
