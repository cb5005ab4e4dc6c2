import { z } from 'zod';
import { endpoint } from '../endpoint';
import { byId, deleted, noInput, page, paging, task } from '../schemas';

const dub = task({ name: z.string(), source_url: z.string(), source_lang: z.string().optional(), target_lang: z.string() });

/** AI dubbing: a video re-voiced in another language. */
export const dubbing = {
  start: endpoint({
    method: 'POST',
    path: '/api/v1/userDubbing/startDubbing',
    summary: 'Start dubbing a video or audio into another language',
    confidence: 'seen',
    input: z.object({
      name: z.string().min(1),
      source_url: z.url(),
      target_lang: z.string().min(2),
      source_lang: z.string().optional(),
      num_speakers: z.number().int().min(1).optional(),
      drop_background_audio: z.boolean().optional(),
    }),
    reply: dub,
    sim: { action: 'create', resource: 'dubbing' },
  }),
  list: endpoint({
    method: 'GET',
    path: '/api/v1/userDubbing/allRecords',
    summary: 'List dubbing tasks (paged)',
    confidence: 'likely',
    readOnly: true,
    input: paging,
    reply: page(dub),
    sim: { action: 'list', resource: 'dubbing', paged: true },
  }),
  listProcessing: endpoint({
    method: 'GET',
    path: '/api/v1/userDubbing/processingRecord',
    summary: 'List dubbing tasks in progress',
    confidence: 'likely',
    readOnly: true,
    input: noInput,
    reply: z.array(dub),
    sim: { action: 'list', resource: 'dubbing', only: 'processing', paged: false },
  }),
  get: endpoint({
    method: 'GET',
    path: '/api/v1/userDubbing/{_id}',
    summary: 'Details of a dubbing task',
    confidence: 'likely',
    input: byId,
    reply: dub,
    sim: { action: 'get', resource: 'dubbing' },
  }),
  delete: endpoint({
    method: 'DELETE',
    path: '/api/v1/userDubbing/{_id}',
    summary: 'Delete a dubbing task',
    confidence: 'likely',
    input: byId,
    reply: deleted,
    sim: { action: 'delete', resource: 'dubbing' },
  }),
};
