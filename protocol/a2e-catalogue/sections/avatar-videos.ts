import { z } from 'zod';
import { endpoint } from '../endpoint';
import { byId, deleted, noInput, page, paging, task } from '../schemas';

const avatarVideo = task({
  title: z.string(),
  anchor_id: z.string(),
  anchor_type: z.number().optional(),
  audioSrc: z.string().optional(),
  resolution: z.number().optional(),
});

const character = z.looseObject({
  _id: z.string(),
  name: z.string(),
  type: z.string().optional(),
  video_cover: z.string().optional(),
  base_video: z.string().optional(),
  gender: z.string().optional(),
});

/** Avatar videos (lip-sync). */
export const avatarVideos = {
  generate: endpoint({
    method: 'POST',
    path: '/api/v1/video/generate',
    summary: 'Generate an avatar video from an audio URL',
    confidence: 'seen',
    input: z.object({
      title: z.string().min(1),
      anchor_id: z.string().min(1),
      anchor_type: z.number().int().describe('0 system avatar, 1 custom avatar'),
      audioSrc: z.url(),
      resolution: z.number().int().optional(),
      back_id: z.string().optional(),
      web_bg_width: z.number().optional(),
      web_bg_height: z.number().optional(),
      web_people_width: z.number().optional(),
      web_people_height: z.number().optional(),
      isSkipRs: z.boolean().optional(),
    }),
    reply: avatarVideo,
    sim: { action: 'create', resource: 'video' },
  }),
  list: endpoint({
    method: 'GET',
    path: '/api/v1/video/allRecords',
    summary: 'List result videos (paged)',
    confidence: 'likely',
    readOnly: true,
    input: paging,
    reply: page(avatarVideo),
    sim: { action: 'list', resource: 'video', paged: true },
  }),
  listAvatars: endpoint({
    method: 'GET',
    path: '/api/v1/anchor/character_list',
    summary: 'List one kind or all avatars',
    confidence: 'seen',
    readOnly: true,
    input: z.object({ type: z.string().optional().describe('e.g. "default" or "custom"; all when absent') }),
    reply: z.array(character),
    sim: { action: 'custom' },
  }),
  get: endpoint({
    method: 'GET',
    path: '/api/v1/video/{_id}',
    summary: 'Status of one video task',
    confidence: 'likely',
    input: byId,
    reply: avatarVideo,
    sim: { action: 'get', resource: 'video' },
  }),
  listLipSyncModels: endpoint({
    method: 'GET',
    path: '/api/v1/video/lipsync_models',
    summary: 'List personalised lip-sync models (trained custom avatars)',
    confidence: 'likely',
    readOnly: true,
    input: noInput,
    reply: z.array(z.looseObject({ _id: z.string(), name: z.string() })),
    sim: { action: 'custom' },
  }),
  delete: endpoint({
    method: 'DELETE',
    path: '/api/v1/video/{_id}',
    summary: 'Delete or cancel a video',
    confidence: 'likely',
    input: byId,
    reply: deleted,
    sim: { action: 'delete', resource: 'video' },
  }),
  detectLanguage: endpoint({
    method: 'POST',
    path: '/api/v1/video/language_detect',
    summary: 'Detect the language of a text',
    confidence: 'likely',
    input: z.object({ text: z.string().min(1) }),
    reply: z.looseObject({ language: z.string() }),
    sim: { action: 'custom' },
  }),
  setPublicPool: endpoint({
    method: 'POST',
    path: '/api/v1/video/auto_switch_public',
    summary: 'Turn the automatic switch to the public computing pool on or off',
    confidence: 'likely',
    input: z.object({ enabled: z.boolean() }),
    reply: z.looseObject({ enabled: z.boolean() }),
    sim: { action: 'custom' },
  }),
};
