import { z } from 'zod';
import { endpoint } from '../endpoint';
import { ack, noInput } from '../schemas';

const channel = z.string().min(1);

/**
 * Streaming avatar (the broker's core; answered by the streaming simulator). The broker reads
 * its paths through worker/catalogue/streaming-endpoints.ts, which is derived from this table.
 */
export const streaming = {
  listAvatars: endpoint({
    method: 'GET',
    path: '/api/v1/streaming-avatar/all_avatars',
    summary: 'List streaming avatars',
    confidence: 'doc',
    input: noInput,
    reply: z.array(z.looseObject({ _id: z.string(), name: z.string(), gender: z.string().optional() })),
    sim: { action: 'streaming' },
  }),
  createToken: endpoint({
    method: 'POST',
    path: '/api/v1/streaming-avatar/agora-token',
    summary: 'Get a streaming token: the Agora room the avatar joins (billing starts)',
    confidence: 'doc',
    input: z.object({ avatar_id: z.string().min(1), expire_seconds: z.number().int().positive().optional() }),
    reply: z.looseObject({ appId: z.string(), token: z.string(), channel: z.string(), uid: z.number() }),
    sim: { action: 'streaming' },
  }),
  setQaContext: endpoint({
    method: 'POST',
    path: '/api/v1/streaming-avatar/set-qa-context',
    summary: 'Set the QA context of a room',
    confidence: 'likely',
    input: z.object({ channel, context: z.string() }),
    reply: ack,
    sim: { action: 'streaming' },
  }),
  getQaContext: endpoint({
    method: 'GET',
    path: '/api/v1/streaming-avatar/get-qa-context',
    summary: 'Get the QA context of a room',
    confidence: 'likely',
    input: z.object({ channel }),
    reply: z.looseObject({ context: z.string() }),
    sim: { action: 'streaming' },
  }),
  ask: endpoint({
    method: 'POST',
    path: '/api/v1/streaming-avatar/question',
    summary: 'Ask a question; the avatar answers from the QA context',
    confidence: 'likely',
    input: z.object({ channel, question: z.string().min(1) }),
    reply: z.unknown().describe('the answer text, where given'),
    sim: { action: 'streaming' },
  }),
  speak: endpoint({
    method: 'POST',
    path: '/api/v1/streaming-avatar/speak',
    summary: 'The avatar says exactly this text',
    confidence: 'seen',
    input: z.object({ channel, text: z.string().min(1) }),
    reply: ack,
    sim: { action: 'streaming' },
  }),
  leave: endpoint({
    method: 'POST',
    path: '/api/v1/streaming-avatar/leave',
    summary: 'Leave the room (ends billing; the unused expiry is refunded)',
    confidence: 'seen',
    input: z.object({ channel, uid: z.number().optional() }),
    reply: ack,
    sim: { action: 'streaming' },
  }),
};
