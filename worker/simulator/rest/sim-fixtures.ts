import { RESULT_ORIGIN } from './task-lifecycle';

/** The simulated account's built-in catalogue: TTS voices, languages, avatars, backgrounds. */
export const VOICES = [
  { label: 'English (US)', value: 'en-US', children: [
    { label: 'Jenny', value: 'en-US-JennyNeural', gender: 'female' },
    { label: 'Guy', value: 'en-US-GuyNeural', gender: 'male' },
  ] },
  { label: 'Deutsch', value: 'de-DE', children: [{ label: 'Katja', value: 'de-DE-KatjaNeural', gender: 'female' }] },
  { label: '中文', value: 'zh-CN', children: [{ label: 'Xiaoxiao', value: 'zh-CN-XiaoxiaoNeural', gender: 'female' }] },
];

export const LANGUAGES = [
  { label: 'English', value: 'en' },
  { label: 'German', value: 'de' },
  { label: 'Spanish', value: 'es' },
  { label: 'French', value: 'fr' },
  { label: 'Japanese', value: 'ja' },
  { label: 'Chinese', value: 'zh' },
];

export const CHARACTERS = [
  { _id: 'a2e600000000000000000a01', name: 'Ava (studio)', type: 'default', gender: 'female', video_cover: `${RESULT_ORIGIN}/characters/ava.jpg` },
  { _id: 'a2e600000000000000000b02', name: 'Noah (office)', type: 'default', gender: 'male', video_cover: `${RESULT_ORIGIN}/characters/noah.jpg` },
];

export const BUILT_IN_BACKGROUNDS = [
  { _id: 'a2e700000000000000000a01', img: `${RESULT_ORIGIN}/backgrounds/office.jpg`, type: 'default' },
  { _id: 'a2e700000000000000000b02', img: `${RESULT_ORIGIN}/backgrounds/studio.jpg`, type: 'default' },
];
