import { RESULT_ORIGIN } from './task-lifecycle';

/** The simulated account's built-in catalogue: system avatars, backgrounds, TTS voices, languages. */
export const SYSTEM_AVATARS = [
  { _id: 'a2e600000000000000000a01', name: 'Ava (studio)', type: 'system', gender: 'female', video_cover: `${RESULT_ORIGIN}/avatars/ava.jpg` },
  { _id: 'a2e600000000000000000b02', name: 'Noah (office)', type: 'system', gender: 'male', video_cover: `${RESULT_ORIGIN}/avatars/noah.jpg` },
];

export const SYSTEM_BACKGROUNDS = [
  { _id: 'a2e700000000000000000a01', img: `${RESULT_ORIGIN}/backgrounds/office.jpg`, type: 'system' },
  { _id: 'a2e700000000000000000b02', img: `${RESULT_ORIGIN}/backgrounds/studio.jpg`, type: 'system' },
];

/** Voices by locale; a voice's `_id` is the `tts_id` of send_tts (ref: a MongoDB ObjectId). */
export const VOICES = [
  { _id: 'a2e800000000000000000a01', name: 'Jenny', gender: 'female', locale: 'en-US' },
  { _id: 'a2e800000000000000000a02', name: 'Guy', gender: 'male', locale: 'en-US' },
  { _id: 'a2e800000000000000000b01', name: 'Katja', gender: 'female', locale: 'de-DE' },
  { _id: 'a2e800000000000000000c01', name: 'Xiaoxiao', gender: 'female', locale: 'zh-CN' },
];

/** language_list: a language (`country`) with its regions as children (ref: top-level and child `value`). */
export const LANGUAGES = [
  { label: 'English', value: 'en', children: [{ label: 'United States', value: 'US' }, { label: 'United Kingdom', value: 'GB' }] },
  { label: 'Deutsch', value: 'de', children: [{ label: 'Deutschland', value: 'DE' }] },
  { label: '中文', value: 'zh', children: [{ label: '中国', value: 'CN' }] },
];

export const AVATAR_TAGS = ['business', 'casual', 'studio'];
