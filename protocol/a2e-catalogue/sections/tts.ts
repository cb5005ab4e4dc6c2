import { z } from 'zod';
import { endpoint } from '../endpoint';
import { byId, deleted, noInput, task } from '../schemas';

const voiceOption = z.looseObject({
  label: z.string(),
  value: z.string(),
  children: z.array(z.looseObject({ label: z.string(), value: z.string(), gender: z.string().optional() })).optional(),
});

export const userVoice = task({
  name: z.string(),
  audio_url: z.string().optional(),
  /** Set once training completes: the id to pass as `user_voice_id` to send_tts. */
  user_voice_id: z.string().optional(),
});

/** TTS and voice clone. */
export const tts = {
  listVoices: endpoint({
    method: 'GET',
    path: '/api/v1/anchor/voice_list',
    summary: 'List public TTS voices (tts_id is a child value)',
    confidence: 'seen',
    readOnly: true,
    input: z.object({ country: z.string().optional(), region: z.string().optional() }),
    reply: z.array(voiceOption),
    sim: { action: 'custom' },
  }),
  listCloneOptions: endpoint({
    method: 'GET',
    path: '/api/v1/userVoice/completedRecord',
    summary: 'List voice-clone options (trained user voices)',
    confidence: 'likely',
    readOnly: true,
    input: noInput,
    reply: z.array(userVoice),
    sim: { action: 'list', resource: 'voiceClone', only: 'completed', paged: false },
  }),
  trainVoice: endpoint({
    method: 'POST',
    path: '/api/v1/userVoice/training',
    summary: 'Train a user voice (voice clone) from an audio sample',
    confidence: 'likely',
    input: z.object({ name: z.string().min(1), audio_url: z.url(), gender: z.string().optional() }),
    reply: userVoice,
    sim: { action: 'create', resource: 'voiceClone' },
  }),
  listTraining: endpoint({
    method: 'GET',
    path: '/api/v1/userVoice/processingRecord',
    summary: 'List ongoing voice-clone tasks',
    confidence: 'likely',
    readOnly: true,
    input: noInput,
    reply: z.array(userVoice),
    sim: { action: 'list', resource: 'voiceClone', only: 'processing', paged: false },
  }),
  generate: endpoint({
    method: 'POST',
    path: '/api/v1/video/send_tts',
    summary: 'Generate TTS audio; the reply data is the audio URL',
    confidence: 'seen',
    input: z.object({
      msg: z.string().min(1),
      tts_id: z.string().optional(),
      user_voice_id: z.string().optional(),
      speech_rate: z.number().optional(),
      country: z.string().optional(),
      region: z.string().optional(),
    }),
    reply: z.string().describe('audio URL'),
    sim: { action: 'custom' },
  }),
  getVoice: endpoint({
    method: 'GET',
    path: '/api/v1/userVoice/{_id}',
    summary: 'Get one user voice (voice-clone task)',
    confidence: 'likely',
    input: byId,
    reply: userVoice,
    sim: { action: 'get', resource: 'voiceClone' },
  }),
  deleteVoice: endpoint({
    method: 'DELETE',
    path: '/api/v1/userVoice/{_id}',
    summary: 'Delete a user voice',
    confidence: 'likely',
    input: byId,
    reply: deleted,
    sim: { action: 'delete', resource: 'voiceClone' },
  }),
};
