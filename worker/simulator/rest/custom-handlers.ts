import type { EndpointId } from '../../../protocol/a2e-catalogue/index';
import { createRecord, deleteRecord } from './behaviours';
import { accountHandlers } from './account-handlers';
import { recordId, refuse, type Handler, type SimContext } from './sim-context';
import { AVATAR_TAGS, LANGUAGES, SYSTEM_AVATARS, SYSTEM_BACKGROUNDS, VOICES } from './sim-fixtures';
import { hasEnded, presentRecord, RESULT_ORIGIN } from './task-lifecycle';
import type { Fields } from './task-store';

/** A reply with an HTTP status of its own (veo's 1080p answers 202 while it is being made). */
export class StatusReply {
  constructor(
    readonly status: 200 | 202,
    readonly data: unknown,
  ) {}
}

async function mustRead(ctx: SimContext, family: string, id: unknown) {
  const record = await ctx.store.read(family, recordId(ctx, id));
  if (!record) throw refuse(ctx, 404, `No ${family} record has id ${String(id)}.`);
  return record;
}

/** A task that failed starts over (retry); a completed one refuses. */
async function retry(family: string, input: Record<string, unknown>, ctx: SimContext) {
  const record = await mustRead(ctx, family, input._id);
  if (!hasEnded(record, ctx.now).failed) throw refuse(ctx, 400, 'Only a failed task can be retried.');
  // The retried run must be able to succeed: the name's "fail" switch is spent.
  const name = typeof record.fields.name === 'string' ? record.fields.name.replace(/fail/gi, 'retried') : null;
  return presentRecord((await ctx.store.update(family, record._id, name === null ? {} : { name }, true))!, ctx.now);
}

function voicesFor(input: Record<string, unknown>) {
  const locale = typeof input.voice_map_type === 'string' && input.voice_map_type ? input.voice_map_type : `${String(input.country ?? 'en')}-${String(input.region ?? 'US')}`;
  return VOICES.filter((voice) => voice.locale.toLowerCase() === locale.toLowerCase());
}

/**
 * The simulator's answers to the operations that are not plain records (sim-rules.ts decides
 * which). The drift test checks that every `custom` operation of the catalogue has one here.
 */
export const customHandlers: Partial<Record<EndpointId, Handler>> = {
  ...accountHandlers,

  'imageToVideo.avgProcessingTime': () => ({ avg_processing_time_seconds: 180 }),
  'imageToVideo.promptExtension': (input) => ({ prompt: `${String(input.prompt)}, cinematic lighting, smooth camera motion`, negative_prompt: input.negative_prompt }),
  'imageToVideo.flf2vPromptExtension': (input) => ({ prompt: `${String(input.prompt)}, a smooth transition from the first frame to the last`, negative_prompt: input.negative_prompt }),

  'textToImage.quickAddAvatar': async (input, ctx) => {
    const image = await mustRead(ctx, 'textToImage', input._id);
    const urls = presentRecord(image, ctx.now).image_urls;
    if (!Array.isArray(urls)) throw refuse(ctx, 400, 'The image is not generated yet.');
    const avatar = await ctx.store.create('customAvatar', { name: String(image.fields.name ?? 'Avatar'), gender: String(input.gender ?? 'female'), image_url: String(urls[0]) });
    return presentRecord(avatar, ctx.now);
  },

  'veoVideo.get1080p': async (input, ctx) => {
    const record = await mustRead(ctx, 'veoVideo', input._id);
    if (!hasEnded(record, ctx.now).ended) return new StatusReply(202, { _id: record._id, status: 'processing' });
    if (record.fields.aspectRatio === '9:16') throw refuse(ctx, 400, 'The 1080P rendition exists for 16:9 videos only.');
    return { _id: record._id, url: `${RESULT_ORIGIN}/results/veoVideo/${record._id}-1080p.mp4` };
  },

  'faceSwap.taskStatus': async (_input, ctx) => {
    const tasks = (await ctx.store.list('faceSwap')).map((r) => presentRecord(r, ctx.now));
    const count = (state: string) => tasks.filter((t) => t.current_status === state).length;
    return { total: tasks.length, completed: count('completed'), failed: count('failed'), processing: tasks.length - count('completed') - count('failed') };
  },

  // "Use a2e or tyzn to include default system avatars alongside user-specific avatars" (ref).
  'avatarVideos.anchorList': async (input, ctx) => {
    const custom = (await ctx.store.list('customAvatar')).map((r) => ({ ...presentRecord(r, ctx.now), type: 'custom' }));
    const twins = (await ctx.store.list('videoTwin')).map((r) => presentRecord(r, ctx.now)).filter((t) => t.status === 'completed').map((t) => ({ ...t, type: 'custom' }));
    return [...(input.web_type ? SYSTEM_AVATARS : []), ...custom, ...twins];
  },
  'avatarVideos.videoAwsResult': async (input, ctx) => {
    const record = presentRecord(await mustRead(ctx, 'avatarVideo', input._id), ctx.now);
    return [{ _id: record._id, status: record.status, process: record.process, ...(record.result ? { result: record.result } : {}) }];
  },

  // The reference documents no body for these; they take what the web app sends (`_id`, name, media).
  'customAvatars.add': async (input, ctx) => presentRecord(await ctx.store.create('customAvatar', input as Fields), ctx.now),
  'customAvatars.list': async (_input, ctx) => (await ctx.store.list('customAvatar')).map((r) => presentRecord(r, ctx.now)),
  'customAvatars.del': (input, ctx) => deleteRecord('customAvatar', recordId(ctx, input._id), ctx),
  'customAvatars.allTags': async (_input, ctx) => {
    const own = (await ctx.store.list('customAvatar')).flatMap((r) => (Array.isArray(r.fields.tags) ? r.fields.tags.map(String) : []));
    return [...new Set([...AVATAR_TAGS, ...own])];
  },

  'backgrounds.list': async (_input, ctx) => (await ctx.store.list('background')).map((r) => presentRecord(r, ctx.now)),
  'backgrounds.del': (input, ctx) => deleteRecord('background', recordId(ctx, input._id), ctx),
  // Typed `data: object` by the reference: the system and the account's backgrounds together.
  'backgrounds.allBackground': async (_input, ctx) => {
    const rows = [...SYSTEM_BACKGROUNDS, ...(await ctx.store.list('background')).map((r) => presentRecord(r, ctx.now))];
    return { rows, count: rows.length };
  },
  'backgrounds.randomBackground': (_input, ctx) => SYSTEM_BACKGROUNDS[ctx.now % SYSTEM_BACKGROUNDS.length],

  'videoTwin.upload': (input) => ({ uploaded: true, url: input.video_url ?? input.image_url ?? null }),
  'videoTwin.training': async (input, ctx) => presentRecord(await createRecord('videoTwin', input, ctx), ctx.now),
  'videoTwin.uploadStatus': async (_input, ctx) => {
    const latest = (await ctx.store.list('videoTwin'))[0];
    return latest ? { _id: latest._id, status: presentRecord(latest, ctx.now).status } : { status: 'none' };
  },
  'videoTwin.continueTraining': async (input, ctx) => {
    const twin = await mustRead(ctx, 'videoTwin', input._id);
    if (presentRecord(twin, ctx.now).status !== 'completed') throw refuse(ctx, 400, 'Continue a twin once its training has completed.');
    return presentRecord((await ctx.store.update('videoTwin', twin._id, { continued: true }, true))!, ctx.now);
  },
  'videoTwin.retry': (input, ctx) => retry('videoTwin', input, ctx),
  'videoTwin.eyeContact': async (input, ctx) => {
    const twin = input._id === undefined ? (await ctx.store.list('videoTwin'))[0] : await mustRead(ctx, 'videoTwin', input._id);
    if (!twin) throw refuse(ctx, 400, 'No video twin to enhance.');
    return presentRecord((await ctx.store.update('videoTwin', twin._id, { eye_contact: true }))!, ctx.now);
  },

  'tts.anchorTtsList': () => VOICES,
  'tts.anchorLanguageList': (input) =>
    typeof input.voice_map_type === 'string' ? LANGUAGES.filter((l) => input.voice_map_type!.toString().toLowerCase().startsWith(l.value)) : LANGUAGES,
  'tts.anchorVoiceList': (input) => voicesFor(input),
  'tts.getAnchorVoiceList': (input) => voicesFor(input),
  // API callers: at most 1000 characters (ref); the reply's data is the audio URL.
  'tts.videoSendTts': async (input, ctx) => {
    const msg = String(input.msg);
    if (msg.length > 1000) throw refuse(ctx, 400, 'API callers may send at most 1000 characters.');
    if (!input.tts_id && !input.user_voice_id) throw refuse(ctx, 400, 'Give tts_id or user_voice_id.');
    if (input.tts_id && !VOICES.some((v) => v._id === input.tts_id)) throw refuse(ctx, 400, `tts_id is not a voice: ${String(input.tts_id)}.`);
    if (input.user_voice_id) {
      const voice = await ctx.store.read('voiceClone', recordId(ctx, input.user_voice_id));
      if (!voice || presentRecord(voice, ctx.now).current_status !== 'completed') throw refuse(ctx, 400, 'user_voice_id is not a trained voice.');
    }
    const audio = `${RESULT_ORIGIN}/tts/${ctx.now.toString(36)}-${msg.length}.mp3`;
    await ctx.store.create('ttsPreview', { msg, audio_url: audio, ...(input.tts_id ? { tts_id: String(input.tts_id) } : { user_voice_id: String(input.user_voice_id) }) });
    return audio;
  },

  'captionRemoval.retry': (input, ctx) => retry('captionRemoval', input, ctx),
};
