import { z } from 'zod';
import { endpoint } from '../endpoint';
import { byId, deleted, noInput, page, paging, task } from '../schemas';

const removal = task({ name: z.string(), source_url: z.string() });

/** Caption removal: burnt-in captions detected and painted out of a video. */
export const captionRemoval = {
  start: endpoint({
    method: 'POST',
    path: '/api/v1/userCaptionRemove/start',
    summary: 'Start removing the captions of a video',
    confidence: 'likely',
    input: z.object({ name: z.string().min(1), source_url: z.url() }),
    reply: removal,
    sim: { action: 'create', resource: 'captionRemoval' },
  }),
  list: endpoint({
    method: 'GET',
    path: '/api/v1/userCaptionRemove/allRecords',
    summary: 'Caption-removal records (paged)',
    confidence: 'likely',
    readOnly: true,
    input: paging,
    reply: page(removal),
    sim: { action: 'list', resource: 'captionRemoval', paged: true },
  }),
  listProcessing: endpoint({
    method: 'GET',
    path: '/api/v1/userCaptionRemove/processingRecord',
    summary: 'Caption-removal tasks in progress',
    confidence: 'likely',
    readOnly: true,
    input: noInput,
    reply: z.array(removal),
    sim: { action: 'list', resource: 'captionRemoval', only: 'processing', paged: false },
  }),
  get: endpoint({
    method: 'GET',
    path: '/api/v1/userCaptionRemove/{_id}',
    summary: 'Details of a caption-removal task',
    confidence: 'likely',
    input: byId,
    reply: removal,
    sim: { action: 'get', resource: 'captionRemoval' },
  }),
  delete: endpoint({
    method: 'DELETE',
    path: '/api/v1/userCaptionRemove/{_id}',
    summary: 'Delete a caption-removal task',
    confidence: 'likely',
    input: byId,
    reply: deleted,
    sim: { action: 'delete', resource: 'captionRemoval' },
  }),
};
