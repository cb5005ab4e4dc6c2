import { SELF } from 'cloudflare:test';
import { afterAll, describe, expect, it } from 'vitest';
import { A2EClient, A2EError, A2ETaskFailedError } from '../../client/index';
import {
  catalogue,
  catalogueEntries,
  type EndpointId,
  type EndpointOf,
  type InputOf,
  type ReplyOf,
  type SectionName,
} from '../../protocol/a2e-catalogue/index';

/**
 * Every catalogue endpoint, called with the typed client, through the broker's /api/v1/* proxy,
 * answered by the simulator; each reply checked against the catalogue's reply schema.
 */
const client = new A2EClient({
  baseUrl: 'https://broker.test',
  token: 'test-admin-token',
  fetch: SELF.fetch.bind(SELF) as typeof fetch,
});

const called = new Set<EndpointId>();
const FAST = { intervalMs: 200, maxIntervalMs: 400 };
const LONG = { timeout: 20_000 };
const UNKNOWN_ID = '0123456789abcdef01234567';

/** Calls one endpoint by id and checks the reply against its schema in the catalogue. */
async function call<Id extends EndpointId>(id: Id, input?: InputOf<EndpointOf<Id>>): Promise<ReplyOf<EndpointOf<Id>>> {
  const [section, name] = id.split('.') as [SectionName, string];
  const method = (client[section] as unknown as Record<string, (input?: unknown) => Promise<unknown>>)[name];
  const data = await method!(input);
  const endpoint = (catalogue[section] as Record<string, { reply: { safeParse(v: unknown): { success: boolean; error?: unknown } } }>)[name]!;
  const checked = endpoint.reply.safeParse(data);
  expect(checked.success, `${id} reply matches its schema: ${JSON.stringify(checked.error)}`).toBe(true);
  called.add(id);
  return data as ReplyOf<EndpointOf<Id>>;
}

async function a2eError(promise: Promise<unknown>): Promise<A2EError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(A2EError);
  return err as A2EError;
}

describe('every A2E endpoint round-trips through the proxy to the simulator', () => {
  it('tokens: login, create, list, delete', async () => {
    const login = await call('tokens.login', { email: 'ops@shop.example', password: 'pw' });
    expect(login.token).toMatch(/\S/);
    const token = await call('tokens.createApiToken', { name: 'back office' });
    expect(token.name).toBe('back office');
    expect((await call('tokens.listApiTokens')).map((t) => t._id)).toContain(token._id);
    await call('tokens.deleteApiToken', { _id: token._id });
    expect((await call('tokens.listApiTokens')).map((t) => t._id)).not.toContain(token._id);
    expect((await a2eError(client.tokens.deleteApiToken({ _id: token._id }))).code).toBe(404);
  });

  it('TTS and voice clone: voices, TTS, training a voice until done, deleting it', LONG, async () => {
    const voices = await call('tts.listVoices');
    const ttsId = voices[0]?.children?.[0]?.value as string;
    expect(await call('tts.generate', { msg: 'Hello there', tts_id: ttsId })).toMatch(/^https:\/\/.+\.mp3$/);
    const voice = await call('tts.trainVoice', { name: 'Narrator', audio_url: 'https://files.example/sample.wav' });
    expect(voice.current_status).toBe('initialized');
    expect((await call('tts.listTraining')).map((v) => v._id)).toContain(voice._id);
    const trained = await client.waitFor('voiceClone', voice._id, FAST);
    expect(trained.user_voice_id).toBe(voice._id);
    expect((await call('tts.listCloneOptions')).map((v) => v._id)).toContain(voice._id);
    expect((await call('tts.getVoice', { _id: voice._id })).current_status).toBe('completed');
    expect(await call('tts.generate', { msg: 'In my voice', user_voice_id: voice._id })).toMatch(/^https:/);
    await call('tts.deleteVoice', { _id: voice._id });
    expect((await a2eError(client.tts.getVoice({ _id: voice._id }))).code).toBe(404);
    expect((await a2eError(client.tts.generate({ msg: 'no voice' }))).code).toBe(400);
  });

  it('avatar videos: generate and wait with progress, paging, language, pool, delete', LONG, async () => {
    const avatars = await call('avatarVideos.listAvatars');
    const anchor = avatars[0]!;
    const seen: string[] = [];
    const video = await client.waitFor(
      'video',
      call('avatarVideos.generate', { title: 'Welcome', anchor_id: anchor._id, anchor_type: 0, audioSrc: 'https://files.example/a.mp3' }),
      { ...FAST, onProgress: (record) => seen.push(record.current_status) },
    );
    expect(video.current_status).toBe('completed');
    expect(video.result_url).toMatch(/^https:\/\/.+\.mp4$/);
    expect(seen[0]).not.toBe('completed');
    expect(seen.at(-1)).toBe('completed');
    expect((await call('avatarVideos.get', { _id: video._id })).title).toBe('Welcome');

    for (const title of ['p1', 'p2', 'p3']) {
      await client.avatarVideos.generate({ title, anchor_id: anchor._id, anchor_type: 0, audioSrc: 'https://files.example/a.mp3' });
    }
    const first = await call('avatarVideos.list', { pageNum: 1, pageSize: 2 });
    const second = await call('avatarVideos.list', { pageNum: 2, pageSize: 2 });
    expect(first.list).toHaveLength(2);
    expect(first.total).toBeGreaterThanOrEqual(4);
    expect(second.pageNum).toBe(2);
    expect(second.list.map((v) => v._id)).not.toContain(first.list[0]?._id);

    expect((await call('avatarVideos.detectLanguage', { text: 'こんにちは' })).language).toBe('ja');
    expect((await call('avatarVideos.setPublicPool', { enabled: true })).enabled).toBe(true);
    await call('avatarVideos.delete', { _id: video._id });
    const gone = await a2eError(client.avatarVideos.get({ _id: video._id }));
    expect(gone.code).toBe(404);
    expect(gone.status).toBe(200);
  });

  it('custom avatars: train, clone voice, continue into a lip-sync model, remove', LONG, async () => {
    const bad = await a2eError(
      client.customAvatars.create({ name: 'Both', gender: 'female', image_url: 'https://f.example/a.jpg', video_url: 'https://f.example/a.mp4' }),
    );
    expect(bad.code).toBe(400);
    const twin = await call('customAvatars.create', { name: 'Dana', gender: 'female', video_url: 'https://files.example/dana.mp4' });
    expect((await call('customAvatars.listTraining')).map((t) => t._id)).toContain(twin._id);
    expect((await call('customAvatars.list', { pageSize: 50 })).list.map((t) => t._id)).toContain(twin._id);
    await client.waitFor('avatarTraining', twin, FAST);
    expect((await call('customAvatars.get', { _id: twin._id })).preview_result_url).toMatch(/^https:/);
    const voice = await call('customAvatars.cloneVoice', { _id: twin._id });
    expect(voice.name).toBe('Dana voice');
    const continued = await call('customAvatars.continueTraining', { _id: twin._id });
    expect(continued.current_status).toBe('initialized');
    await client.waitFor('avatarTraining', twin._id, FAST);
    expect((await call('avatarVideos.listLipSyncModels')).map((m) => m._id)).toContain(twin._id);
    expect((await client.avatarVideos.listAvatars({ type: 'custom' })).map((a) => a._id)).toContain(twin._id);
    await call('customAvatars.remove', { _id: twin._id });
    expect((await a2eError(client.customAvatars.get({ _id: twin._id }))).code).toBe(404);
  });

  it('background matting: list, add, delete', async () => {
    const before = await call('backgrounds.list');
    const added = await call('backgrounds.add', { img_url: 'https://files.example/bg.jpg' });
    expect(added.img).toBe('https://files.example/bg.jpg');
    expect((await call('backgrounds.list')).length).toBe(before.length + 1);
    await call('backgrounds.delete', { _id: added._id });
    expect((await call('backgrounds.list')).map((b) => b._id)).not.toContain(added._id);
  });

  it('face swap: faces, preview, tasks, and a task that fails', LONG, async () => {
    const face = await call('faceSwap.addFace', { face_url: 'https://files.example/face.jpg' });
    expect((await call('faceSwap.listFaces')).map((f) => f._id)).toContain(face._id);
    await call('faceSwap.deleteFace', { _id: face._id });
    expect((await client.faceSwap.listFaces()).map((f) => f._id)).not.toContain(face._id);

    const urls = { face_url: 'https://files.example/face.jpg', video_url: 'https://files.example/v.mp4' };
    const preview = await call('faceSwap.addPreview', urls);
    expect((await call('faceSwap.previewStatus', { _id: preview._id }))._id).toBe(preview._id);
    const task = await call('faceSwap.addTask', { name: 'Swap', ...urls });
    expect((await call('faceSwap.taskStatus', { _id: task._id })).name).toBe('Swap');
    expect((await call('faceSwap.taskDetail', { _id: task._id }))._id).toBe(task._id);
    expect((await call('faceSwap.taskRecords', { pageNum: 1, pageSize: 10 })).list.map((t) => t._id)).toContain(task._id);
    const [done, previewDone, failure] = await Promise.all([
      client.waitFor('faceSwap', task._id, FAST),
      client.waitFor('faceSwapPreview', preview, FAST),
      client.waitFor('faceSwap', client.faceSwap.addTask({ name: 'please fail', ...urls }), FAST).catch((e: unknown) => e),
    ]);
    expect(done.result_url).toMatch(/^https:/);
    expect(previewDone.current_status).toBe('completed');
    expect(failure).toBeInstanceOf(A2ETaskFailedError);
    expect((failure as A2ETaskFailedError).code).toBe(1003);
    await call('faceSwap.deleteTask', { _id: task._id });
    expect((await a2eError(client.faceSwap.taskStatus({ _id: task._id }))).code).toBe(404);
  });

  it('AI dubbing: start, processing, details, list, wait, delete', LONG, async () => {
    const dub = await call('dubbing.start', { name: 'Dub', source_url: 'https://files.example/v.mp4', target_lang: 'de' });
    expect((await call('dubbing.listProcessing')).map((d) => d._id)).toContain(dub._id);
    expect((await call('dubbing.get', { _id: dub._id })).target_lang).toBe('de');
    expect((await call('dubbing.list')).list.map((d) => d._id)).toContain(dub._id);
    await client.waitFor('dubbing', dub._id, FAST);
    expect((await client.dubbing.listProcessing()).map((d) => d._id)).not.toContain(dub._id);
    await call('dubbing.delete', { _id: dub._id });
    expect((await a2eError(client.dubbing.get({ _id: dub._id }))).code).toBe(404);
  });

  it('image to video: start, status, list, wait, delete', LONG, async () => {
    const clip = await call('imageToVideo.start', { name: 'Clip', image_url: 'https://files.example/i.jpg', prompt: 'smile' });
    expect((await call('imageToVideo.get', { _id: clip._id })).prompt).toBe('smile');
    expect((await call('imageToVideo.list')).list.map((c) => c._id)).toContain(clip._id);
    await client.waitFor('image2video', client.imageToVideo.get({ _id: clip._id }), FAST);
    await call('imageToVideo.delete', { _id: clip._id });
    expect((await a2eError(client.imageToVideo.delete({ _id: clip._id }))).code).toBe(404);
  });

  it('caption removal: start, processing, details, records, wait, delete', LONG, async () => {
    const job = await call('captionRemoval.start', { name: 'Clean', source_url: 'https://files.example/v.mp4' });
    expect((await call('captionRemoval.listProcessing')).map((j) => j._id)).toContain(job._id);
    expect((await call('captionRemoval.get', { _id: job._id })).name).toBe('Clean');
    expect((await call('captionRemoval.list', { pageSize: 100 })).list.map((j) => j._id)).toContain(job._id);
    await client.waitFor('captionRemoval', job._id, FAST);
    await call('captionRemoval.delete', { _id: job._id });
    expect((await a2eError(client.captionRemoval.get({ _id: job._id }))).code).toBe(404);
  });

  it('streaming avatar: avatars, token, QA context, ask, speak, leave', async () => {
    const avatars = await call('streaming.listAvatars');
    const room = await call('streaming.createToken', { avatar_id: avatars[0]!._id, expire_seconds: 60 });
    await call('streaming.setQaContext', { channel: room.channel, text: 'We open at nine.' });
    // Undocumented (`none`): the simulator answers it, the broker never depends on it.
    expect((await call('streaming.getQaContext', { channel: room.channel })).context).toBe('We open at nine.');
    expect(await call('streaming.ask', { text: 'When do you open?', channel: room.channel })).toEqual({});
    await call('streaming.speak', { channel: room.channel, text: 'Hello!' });
    await call('streaming.leave', { channel: room.channel });
  });

  it('miscellaneous: users, credits, diamonds, languages, storage', async () => {
    expect((await call('misc.addUser', { email: 'new@shop.example' })).email).toBe('new@shop.example');
    const credits = await call('misc.remainingCredits');
    const exchanged = await call('misc.exchangeDiamonds', { diamonds: 2 });
    expect(exchanged.coins).toBe(credits.coins + 20);
    expect((await call('misc.remainingCredits')).coins).toBe(exchanged.coins);
    expect((await a2eError(client.misc.exchangeDiamonds({ diamonds: 1_000_000 }))).code).toBe(400);
    expect((await call('misc.languages')).length).toBeGreaterThan(0);
    expect((await call('misc.saveUrl', { url: 'https://files.example/x.mp4' })).url).toMatch(/^https:.+x\.mp4$/);
  });

  it('answers unknown ids and bad ids A2E-style, as typed errors', async () => {
    const unknown = await a2eError(client.avatarVideos.get({ _id: UNKNOWN_ID }));
    expect(unknown.code).toBe(404);
    expect(unknown.message).toMatch(/\S/);
    expect((await a2eError(client.avatarVideos.get({ _id: 'not-an-id' }))).code).toBe(400);
  });

  it('surfaces the broker refusing a wrong token as a typed error', async () => {
    const stranger = new A2EClient({ baseUrl: 'https://broker.test', token: 'nope', fetch: SELF.fetch.bind(SELF) as typeof fetch });
    const err = await a2eError(stranger.misc.remainingCredits());
    expect(err.code).toBe('unauthorized');
    expect(err.status).toBe(401);
    expect(err.requestId).toMatch(/\S/);
  });

  it('honours an AbortSignal', async () => {
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(client.misc.remainingCredits({}, { signal: controller.signal })).rejects.toThrow();
    await expect(client.waitFor('video', UNKNOWN_ID, { signal: controller.signal })).rejects.toThrow('stop');
  });

  afterAll(() => {
    const missing = catalogueEntries()
      .map((entry) => entry.id)
      .filter((id) => !called.has(id));
    expect(missing, 'endpoints never round-tripped').toEqual([]);
  });
});
