import { z } from 'zod';
import { endpoint } from '../endpoint';
import { byId, deleted, noInput, page, paging, task } from '../schemas';
import { userVoice } from './tts';

/** Reply fields named by A2E's documentation seed page for GET /api/v1/userVideoTwin/{_id}. */
const videoTwin = task({
  name: z.string(),
  gender: z.string().optional(),
  image_url: z.string().optional(),
  video_url: z.string().optional(),
  task_status: z.string().optional(),
  preview_result_url: z.string().optional(),
  version: z.string().optional(),
  isSilent: z.boolean().optional(),
  hasVideoClone: z.boolean().optional(),
});

/** Custom avatars and lip-sync training. */
export const customAvatars = {
  create: endpoint({
    method: 'POST',
    path: '/api/v1/userVideoTwin/startTraining',
    summary: 'Create a custom avatar from a video or an image',
    confidence: 'seen',
    input: z
      .object({
        name: z.string().min(1),
        gender: z.enum(['male', 'female']),
        image_url: z.url().optional(),
        video_url: z.url().optional(),
        prompt: z.string().optional(),
      })
      .refine((v) => Boolean(v.image_url) !== Boolean(v.video_url), 'give exactly one of image_url or video_url'),
    reply: videoTwin,
    sim: { action: 'create', resource: 'avatarTraining' },
  }),
  continueTraining: endpoint({
    method: 'POST',
    path: '/api/v1/userVideoTwin/continueTrain',
    summary: 'Continue training a custom avatar into a personalised lip-sync model',
    confidence: 'likely',
    input: byId,
    reply: videoTwin,
    sim: { action: 'custom' },
  }),
  remove: endpoint({
    method: 'POST',
    path: '/api/v1/userVideoTwin/remove',
    summary: 'Remove a custom avatar',
    confidence: 'likely',
    input: byId,
    reply: deleted,
    sim: { action: 'delete', resource: 'avatarTraining' },
  }),
  list: endpoint({
    method: 'GET',
    path: '/api/v1/userVideoTwin/allRecords',
    summary: 'Status of all training tasks (paged)',
    confidence: 'likely',
    readOnly: true,
    input: paging,
    reply: page(videoTwin),
    sim: { action: 'list', resource: 'avatarTraining', paged: true },
  }),
  listTraining: endpoint({
    method: 'GET',
    path: '/api/v1/userVideoTwin/processingRecord',
    summary: 'Ongoing training tasks',
    confidence: 'likely',
    readOnly: true,
    input: noInput,
    reply: z.array(videoTwin),
    sim: { action: 'list', resource: 'avatarTraining', only: 'processing', paged: false },
  }),
  get: endpoint({
    method: 'GET',
    path: '/api/v1/userVideoTwin/{_id}',
    summary: 'Status of one training task',
    confidence: 'doc',
    input: byId,
    reply: videoTwin,
    sim: { action: 'get', resource: 'avatarTraining' },
  }),
  cloneVoice: endpoint({
    method: 'POST',
    path: '/api/v1/userVideoTwin/cloneVoice',
    summary: "Clone the voice of a custom avatar's video (starts a voice-clone task)",
    confidence: 'likely',
    input: byId,
    reply: userVoice,
    sim: { action: 'custom' },
  }),
};
