import { z } from 'zod';
import { endpoint } from '../endpoint';
import { byId, deleted, isoDate, noInput, objectId } from '../schemas';

const background = z.looseObject({ _id: objectId, img: z.string(), type: z.string().optional(), createdAt: isoDate.optional() });

/** Background matting: the backgrounds avatar videos can be composed on. */
export const backgrounds = {
  list: endpoint({
    method: 'POST',
    path: '/api/v1/custom_back/allBackground',
    summary: 'List background images (built-in and custom)',
    confidence: 'seen',
    readOnly: true,
    input: noInput,
    reply: z.array(background),
    sim: { action: 'custom' },
  }),
  add: endpoint({
    method: 'POST',
    path: '/api/v1/custom_back/add',
    summary: 'Add a custom background image',
    confidence: 'likely',
    input: z.object({ img_url: z.url() }),
    reply: background,
    sim: { action: 'create', resource: 'background' },
  }),
  delete: endpoint({
    method: 'DELETE',
    path: '/api/v1/custom_back/{_id}',
    summary: 'Delete a custom background',
    confidence: 'likely',
    input: byId,
    reply: deleted,
    sim: { action: 'delete', resource: 'background' },
  }),
};
