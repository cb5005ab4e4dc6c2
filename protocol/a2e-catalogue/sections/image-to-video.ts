import { z } from 'zod';
import { endpoint } from '../endpoint';
import { byId, deleted, page, paging, task } from '../schemas';

const i2v = task({ name: z.string(), image_url: z.string(), prompt: z.string(), end_image_url: z.string().optional() });

/** Image to video: a short clip animated from a still. */
export const imageToVideo = {
  start: endpoint({
    method: 'POST',
    path: '/api/v1/userImage2Video/start',
    summary: 'Start an image-to-video task',
    confidence: 'seen',
    input: z.object({
      name: z.string().min(1),
      image_url: z.url(),
      prompt: z.string().min(1),
      negative_prompt: z.string().optional(),
      end_image_url: z.url().optional(),
    }),
    reply: i2v,
    sim: { action: 'create', resource: 'image2video' },
  }),
  get: endpoint({
    method: 'GET',
    path: '/api/v1/userImage2Video/{_id}',
    summary: 'Status of one image-to-video task',
    confidence: 'seen',
    input: byId,
    reply: i2v,
    sim: { action: 'get', resource: 'image2video' },
  }),
  list: endpoint({
    method: 'GET',
    path: '/api/v1/userImage2Video/allRecords',
    summary: 'List all image-to-video tasks (paged)',
    confidence: 'likely',
    readOnly: true,
    input: paging,
    reply: page(i2v),
    sim: { action: 'list', resource: 'image2video', paged: true },
  }),
  delete: endpoint({
    method: 'DELETE',
    path: '/api/v1/userImage2Video/{_id}',
    summary: 'Delete an image-to-video task',
    confidence: 'likely',
    input: byId,
    reply: deleted,
    sim: { action: 'delete', resource: 'image2video' },
  }),
};
