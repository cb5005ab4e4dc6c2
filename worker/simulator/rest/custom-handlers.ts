import type { CustomEndpointId, EndpointOf, InputOf, ReplyOf } from '../../../protocol/a2e-catalogue/index';
import { A2eError, SIM_CODES } from '../a2e-reply';
import { presentRecord, RESULT_ORIGIN } from './task-lifecycle';
import type { SimTasksStub } from './sim-tasks-stub';
import { BUILT_IN_BACKGROUNDS, CHARACTERS, LANGUAGES, VOICES } from './sim-fixtures';

export interface HandlerContext {
  store: SimTasksStub;
  now: number;
}

type Handler<Id extends CustomEndpointId> = (
  input: InputOf<EndpointOf<Id>>,
  ctx: HandlerContext,
) => Promise<ReplyOf<EndpointOf<Id>>> | ReplyOf<EndpointOf<Id>>;

/** Credits and diamonds a fresh simulated account starts with; one diamond buys ten credits. */
export const START_COINS = 1000;
export const START_DIAMONDS = 100;
export const COINS_PER_DIAMOND = 10;

/**
 * The simulator's answers to the endpoints that are not plain record create/get/list/delete.
 * The type demands one handler per `custom` catalogue endpoint, so none can be forgotten.
 */
export const customHandlers: { [Id in CustomEndpointId]: Handler<Id> } = {
  'tokens.login': ({ email }, { now }) => ({
    token: `sim-login-${btoa(email).replace(/=+$/, '')}-${now.toString(36)}`,
    expiresAt: new Date(now + 86_400_000).toISOString(),
  }),

  'tts.listVoices': ({ country }) => (country ? VOICES.filter((v) => v.value.startsWith(country)) : VOICES),

  'tts.generate': async ({ msg, tts_id, user_voice_id }, { store, now }) => {
    if (!tts_id && !user_voice_id) throw new A2eError(SIM_CODES.badRequest, 'Give tts_id or user_voice_id.');
    if (tts_id && !VOICES.some((v) => v.children.some((child) => child.value === tts_id))) {
      throw new A2eError(SIM_CODES.notFound, `tts_id not found: ${tts_id}.`);
    }
    if (user_voice_id) {
      const voice = await store.read('voiceClone', user_voice_id);
      if (!voice || presentRecord(voice, now).current_status !== 'completed') {
        throw new A2eError(SIM_CODES.notFound, `user_voice_id not found or not trained: ${user_voice_id}.`);
      }
    }
    return `${RESULT_ORIGIN}/tts/${now.toString(36)}-${msg.length}.mp3`;
  },

  'avatarVideos.listAvatars': async ({ type }, { store, now }) => {
    const custom = (await store.list('avatarTraining'))
      .map((record) => presentRecord(record, now))
      .filter((twin) => twin.current_status === 'completed')
      .map((twin) => ({ _id: String(twin._id), name: String(twin.name), type: 'custom', gender: String(twin.gender ?? ''), base_video: String(twin.result_url) }));
    const all = [...CHARACTERS, ...custom];
    return type ? all.filter((character) => character.type === type) : all;
  },

  'avatarVideos.listLipSyncModels': async (_input, { store, now }) =>
    (await store.list('avatarTraining'))
      .filter((record) => record.fields.personalized === true)
      .map((record) => presentRecord(record, now))
      .filter((twin) => twin.current_status === 'completed')
      .map((twin) => ({ _id: String(twin._id), name: String(twin.name) })),

  'avatarVideos.detectLanguage': ({ text }) => ({ language: detectLanguage(text) }),

  'avatarVideos.setPublicPool': async ({ enabled }, { store }) => {
    await store.setSetting('publicPool', enabled);
    return { enabled };
  },

  'customAvatars.continueTraining': async ({ _id }, { store, now }) => {
    const twin = await store.read('avatarTraining', _id);
    if (!twin) throw new A2eError(SIM_CODES.notFound, `No custom avatar has _id ${_id}.`);
    if (presentRecord(twin, now).current_status !== 'completed') {
      throw new A2eError(SIM_CODES.badRequest, 'The avatar is still training or has failed; continue once it is completed.');
    }
    const restarted = await store.update('avatarTraining', _id, { personalized: true }, true);
    return presentRecord(restarted ?? twin, now) as ReplyOf<EndpointOf<'customAvatars.continueTraining'>>;
  },

  'customAvatars.cloneVoice': async ({ _id }, { store, now }) => {
    const twin = await store.read('avatarTraining', _id);
    if (!twin) throw new A2eError(SIM_CODES.notFound, `No custom avatar has _id ${_id}.`);
    const voice = await store.create('voiceClone', {
      name: `${String(twin.fields.name)} voice`,
      audio_url: twin.fields.video_url ?? twin.fields.image_url ?? null,
    });
    return presentRecord(voice, now) as ReplyOf<EndpointOf<'customAvatars.cloneVoice'>>;
  },

  'backgrounds.list': async (_input, { store, now }) => [
    ...BUILT_IN_BACKGROUNDS,
    ...(await store.list('background')).map((record) => presentRecord(record, now) as (typeof BUILT_IN_BACKGROUNDS)[number]),
  ],

  'misc.remainingCredits': async (_input, { store }) => ({
    coins: Number(await store.setting('coins', START_COINS)),
    diamonds: Number(await store.setting('diamonds', START_DIAMONDS)),
  }),

  'misc.exchangeDiamonds': async ({ diamonds }, { store }) => {
    const have = Number(await store.setting('diamonds', START_DIAMONDS));
    if (diamonds > have) throw new A2eError(SIM_CODES.badRequest, `Not enough diamonds: ${have} left.`);
    const coins = Number(await store.setting('coins', START_COINS)) + diamonds * COINS_PER_DIAMOND;
    await store.setSetting('diamonds', have - diamonds);
    await store.setSetting('coins', coins);
    return { coins, diamonds: have - diamonds };
  },

  'misc.languages': () => LANGUAGES,

  'misc.saveUrl': ({ url }, { now }) => {
    const name = new URL(url).pathname.split('/').filter(Boolean).pop() ?? 'file';
    return { url: `${RESULT_ORIGIN}/storage/${now.toString(36)}/${encodeURIComponent(name)}` };
  },
};

/** Script-based guess, enough to answer plausibly. */
function detectLanguage(text: string): string {
  if (/[\u3040-\u30ff]/.test(text)) return 'ja';
  if (/[\u4e00-\u9fff]/.test(text)) return 'zh';
  if (/[\uac00-\ud7af]/.test(text)) return 'ko';
  if (/[\u0400-\u04ff]/.test(text)) return 'ru';
  if (/[\u0600-\u06ff]/.test(text)) return 'ar';
  if (/[äöüß]/i.test(text)) return 'de';
  return 'en';
}
