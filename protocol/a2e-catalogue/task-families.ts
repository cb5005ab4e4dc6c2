/**
 * A2E's record collections and how their tasks move: which field holds the state, the states a
 * task passes through, its done and failed values, where its result and failure text go. A2E's
 * reference names the endpoints; these conventions come from shared/a2e-api.md ("The rest of the
 * API"), each with its mark. `waitFor` (client/) and the simulator (worker/simulator/rest/) both
 * read this one table, so they cannot disagree.
 *
 * A family owns the operations under its path prefixes; a collection without `task` holds plain
 * records (faces, backgrounds, TTS previews, transactions).
 */
export interface TaskConvention {
  /** The record field that holds the state. */
  statusField: string;
  /** States before the end, in order (the simulator walks them; `waitFor` keeps polling on them). */
  states: readonly string[];
  done: string;
  failed: string;
  /** Where the result goes, and what kind of file it is. */
  resultField: string;
  media: 'video' | 'image' | 'images' | 'audio' | 'none';
  /** Failure fields (face swap spells them `error_code` and `faild_message`, sic). */
  failedCodeField: string;
  failedMessageField: string;
  /** Mark of these conventions (shared/a2e-api.md) and why, where not doc or ref. */
  confidence: 'doc' | 'ref' | 'seen' | 'likely';
  note?: string;
}

export interface Family {
  /** Path prefixes (under /api/v1/) whose operations act on this collection. */
  prefixes: readonly string[];
  task?: TaskConvention;
}

/** Most tasks: `current_status` initialized, sent, pending, processing, then completed or failed (doc: Talking Photo page; ref). */
const CURRENT: TaskConvention = {
  statusField: 'current_status',
  states: ['initialized', 'sent', 'pending', 'processing'],
  done: 'completed',
  failed: 'failed',
  resultField: 'result_url',
  media: 'video',
  failedCodeField: 'failed_code',
  failedMessageField: 'failed_message',
  confidence: 'doc',
};

const image: TaskConvention = {
  ...CURRENT,
  media: 'image',
  confidence: 'likely',
  note: 'the reference types no image task record but text-to-image; result_url is the convention a2e-api.md states for most families',
};

export const FAMILIES = {
  imageToVideo: { prefixes: ['userImage2Video/'], task: CURRENT },
  textToImage: {
    prefixes: ['userText2Image/'],
    // ref: Text2ImageStartResponse types the record: current_status, image_urls.
    task: { ...CURRENT, resultField: 'image_urls', media: 'images', confidence: 'ref' },
  },
  nanoBanana: { prefixes: ['userNanoBanana/'], task: image },
  gptImage: { prefixes: ['userGptImage/'], task: image },
  flux2: { prefixes: ['userFlux2/'], task: image },
  qwenImage: { prefixes: ['userQwen2Image/'], task: image },
  klingImage: { prefixes: ['userKlingImage/'], task: image },
  wan25: { prefixes: ['userWan25/'], task: CURRENT },
  wanSpicy: { prefixes: ['userWanSpicy/'], task: CURRENT },
  // The reference documents only its start: no detail or list to wait on.
  wan30: { prefixes: ['userWan30/'], task: CURRENT },
  happyHorseVideo: { prefixes: ['userHappyhorseVideo/'], task: CURRENT },
  // Start and list only: waitFor finds the record in the list.
  seedance15: { prefixes: ['seedanceVideo/'], task: CURRENT },
  seedance2: { prefixes: ['seedance2Video/'], task: CURRENT },
  veoVideo: { prefixes: ['veoVideo/'], task: CURRENT },
  grokVideo: { prefixes: ['grokVideo/'], task: CURRENT },
  klingVideo: { prefixes: ['klingVideo/'], task: CURRENT },
  klingOmni: { prefixes: ['klingOmni/'], task: CURRENT },
  sora2: { prefixes: ['soraVideo/'], task: CURRENT },
  imageEdit: { prefixes: ['userImageEdit/'], task: image },
  faceImage: { prefixes: ['userFaceSwapImage/'] },
  faceSwapPreview: { prefixes: ['userFaceSwapPreview/'], task: { ...CURRENT, media: 'image', confidence: 'likely', note: 'a preview is one swapped frame' } },
  faceSwap: {
    prefixes: ['userFaceSwapTask/'],
    task: { ...CURRENT, failedCodeField: 'error_code', failedMessageField: 'faild_message' },
  },
  // doc flow: initialized -> sent -> processing -> completed | failed (no pending).
  headSwap: { prefixes: ['headSwap/'], task: { ...CURRENT, states: ['initialized', 'sent', 'processing'], media: 'image', confidence: 'ref' } },
  actorSwap: { prefixes: ['actorSwap/'], task: CURRENT },
  talkingPhoto: { prefixes: ['talkingPhoto/'], task: CURRENT },
  talkingVideo: { prefixes: ['talkingVideo/'], task: CURRENT },
  virtualTryOn: { prefixes: ['virtualTryOn/'], task: image },
  motionTransfer: { prefixes: ['motionTransfer/'], task: CURRENT },
  productAvatar: { prefixes: ['productAvatar/'], task: { ...CURRENT, resultField: 'result_image_url', media: 'image', confidence: 'ref' } },
  photobook: { prefixes: ['userPhotobook/'], task: { ...image, resultField: 'image_urls', media: 'images' } },
  // doc (awsResult page): `status` init, start, pending, process, copy, then success or fail; result in `result`.
  avatarVideo: {
    prefixes: ['video/generate', 'video/detail', 'video/awsResult'],
    task: { ...CURRENT, statusField: 'status', states: ['init', 'start', 'pending', 'process', 'copy'], done: 'success', failed: 'fail', resultField: 'result' },
  },
  customAvatar: { prefixes: ['custom_avatar/'] },
  background: { prefixes: ['custom_back/'] },
  videoTwin: {
    prefixes: ['userVideoTwin/'],
    task: {
      ...CURRENT,
      statusField: 'status',
      states: ['pending', 'processing'],
      confidence: 'likely',
      note: "the reference filters twin records by `status` pending|processing|completed|failed; it shows no record, so the field is taken to be that filter's",
    },
  },
  // ref (UserVoice): current_status sent, pendding (sic), processing, completed, failed.
  voiceClone: { prefixes: ['userVoice/'], task: { ...CURRENT, states: ['sent', 'pendding', 'processing'], resultField: 'speaker_id', media: 'none', confidence: 'ref' } },
  ttsPreview: { prefixes: ['tts/preview/'] },
  dubbing: { prefixes: ['userDubbing/'], task: CURRENT },
  thinkSound: { prefixes: ['thinkSound/'], task: CURRENT },
  captionRemoval: { prefixes: ['userCaptionRemoval/'], task: CURRENT },
  upscale: { prefixes: ['userUpscale/'], task: CURRENT },
  transaction: { prefixes: ['transactionRecord/'] },
} as const satisfies Record<string, Family>;

export type FamilyName = keyof typeof FAMILIES;
export type TaskFamilyName = { [F in FamilyName]: (typeof FAMILIES)[F] extends { task: TaskConvention } ? F : never }[FamilyName];

export const TASK_FAMILIES = (Object.keys(FAMILIES) as FamilyName[]).filter((f) => 'task' in FAMILIES[f]) as TaskFamilyName[];

/** The family whose prefixes hold a path, or undefined. */
export function familyOf(path: string): FamilyName | undefined {
  const rest = path.replace(/^\/api\/v1\//, '');
  return (Object.keys(FAMILIES) as FamilyName[]).find((name) => FAMILIES[name].prefixes.some((prefix) => rest.startsWith(prefix)));
}

export function taskConvention(family: FamilyName | string): TaskConvention | undefined {
  const f = (FAMILIES as Record<string, Family>)[family];
  return f?.task;
}
