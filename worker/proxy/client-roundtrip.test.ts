import { SELF } from 'cloudflare:test';
import { afterAll, describe, expect, it } from 'vitest';
import { A2EClient, A2EError, A2ETaskFailedError } from '../../client/index';
import { catalogueEntries, entryById, familyOf as familyOfPath, type CatalogueEntry, type EndpointId } from '../../protocol/a2e-catalogue/index';
import { sampleInput } from '../catalogue/testing/sample-input';
import { SYSTEM_AVATARS, VOICES } from '../simulator/rest/sim-fixtures';

/**
 * Every catalogue operation, called with the typed client, through the broker's /api/v1/* proxy,
 * answered by the simulator; each reply checked against the catalogue's reply schema (A2E's
 * type where the reference gives one). Records are made first, then read, listed, renamed and
 * marked, and deleted last; the operations that need a finished task run in the scenarios.
 */
const fetchSelf = SELF.fetch.bind(SELF) as typeof fetch;
const client = new A2EClient({ baseUrl: 'https://broker.test', token: 'test-admin-token', fetch: fetchSelf });
const FAST = { intervalMs: 150, maxIntervalMs: 300 };
// Some 220 calls one after another: generous on a loaded machine.
const LONG = { timeout: 60_000 };
const called = new Set<string>();
const ids = new Map<string, string>();

/** Calls one operation through the client and checks the reply against its schema. */
async function call(entry: CatalogueEntry, input: Record<string, unknown>): Promise<unknown> {
  const method = (client as unknown as Record<string, Record<string, (input: unknown) => Promise<unknown>>>)[entry.section]![entry.name]!;
  const data = await method(input);
  const checked = entry.endpoint.reply.safeParse(data);
  expect(checked.success, `${entry.id} reply matches its schema: ${JSON.stringify(checked.error?.issues)}`).toBe(true);
  called.add(entry.id);
  return data;
}

function byId(id: EndpointId): CatalogueEntry {
  return entryById(id)!;
}

const familyOf = (entry: CatalogueEntry) => familyOfPath(entry.endpoint.path) ?? '';
const idOf = (data: unknown) => String((Array.isArray(data) ? data[0] : data as { _id: string })._id);

/** Inputs the schema alone cannot make: ids of fixtures, a voice, a generation endpoint, an upload key. */
const SPECIAL: Partial<Record<EndpointId, () => Record<string, unknown>>> = {
  'avatarVideos.videoGenerate': () => ({ title: 'queued welcome', anchor_id: SYSTEM_AVATARS[0]!._id, anchor_type: 0, audioSrc: 'https://files.example/queued.mp3' }),
  'avatarVideos.anchorList': () => ({ web_type: 'a2e' }),
  'avatarVideos.videoAwsResult': () => ({ _id: ids.get('avatarVideo') }),
  'tts.videoSendTts': () => ({ msg: 'Hello there', tts_id: VOICES[0]!._id }),
  'credits.generationQuote': () => ({ endpoint: '/api/v1/userImage2Video/start', requestBody: { video_time: 10 } }),
  // The reference documents no body for startDubbing, so nothing in a sample input would hold the
  // task in its first state: name it `queued`, or a loaded machine lets it start before its delete.
  'dubbing.startDubbing': () => ({ name: 'queued dubbing' }),
  'customAvatars.add': () => ({ name: 'queued Dana', video_url: 'https://files.example/dana.mp4' }),
  'customAvatars.del': () => ({ _id: ids.get('customAvatar') }),
  'backgrounds.del': () => ({ _id: ids.get('background') }),
  'videoTwin.upload': () => ({ video_url: 'https://files.example/twin.mp4' }),
  'videoTwin.training': () => ({ name: 'queued twin', video_url: 'https://files.example/twin.mp4' }),
  'videoTwin.eyeContact': () => ({ _id: ids.get('videoTwin') }),
  'account.userExchangeDiamonds': () => ({ diamonds: 1 }),
  'account.userAdd': () => ({ username: 'ops' }),
  'account.tokenGenerate': () => ({ alias: 'ci' }),
  'misc.uploadPresignedUrl': () => ({ key: 'docs/a.txt' }),
  'misc.getUploadPresignedUrl': () => ({ key: 'docs/b.txt' }),
};

/** Need a finished (or failed) task: called in the scenarios below. */
const IN_SCENARIOS = new Set<string>(['textToImage.quickAddAvatar', 'videoTwin.continueTraining', 'videoTwin.retry', 'captionRemoval.retry']);

const entries0 = catalogueEntries();
const entries = entries0.filter((e) => e.section !== 'streaming');
const creates = entries.filter((e) => e.endpoint.sim.action === 'create' || e.id === 'customAvatars.add');
const deletes = entries.filter((e) => e.endpoint.sim.action === 'delete' || e.id === 'customAvatars.del' || e.id === 'backgrounds.del');
const rest = entries.filter((e) => !creates.includes(e) && !deletes.includes(e) && !IN_SCENARIOS.has(e.id));

const inputFor = (entry: CatalogueEntry) => SPECIAL[entry.id]?.() ?? sampleInput(entry, ids.get(familyOf(entry)) ?? '0123456789abcdef01234567');

describe('every A2E operation round-trips through the proxy to the simulator', () => {
  it(`creates a record of every family (${creates.length} operations)`, LONG, async () => {
    for (const entry of creates) {
      const data = await call(entry, inputFor(entry));
      ids.set(familyOf(entry), idOf(data));
    }
    expect(ids.size).toBeGreaterThan(35);
  });

  it(`reads, lists, quotes, marks and renames (${rest.length} operations)`, LONG, async () => {
    const previews = await call(byId('tts.videoSendTts'), SPECIAL['tts.videoSendTts']!());
    expect(previews).toMatch(/^https:\/\/.+\.mp3$/);
    for (const entry of rest) {
      const data = await call(entry, inputFor(entry));
      if (entry.endpoint.sim.action === 'get') expect(idOf(data), entry.id).toBe(ids.get(familyOf(entry)));
      if (entry.endpoint.sim.action === 'batch') expect((data as { _id: string }[]).map((r) => r._id), entry.id).toEqual([ids.get(familyOf(entry))]);
    }
    const previewRows = (await client.tts.ttsPreviewList({ current: 1, pageSize: 10 })) as { rows: { _id: string }[] };
    ids.set('ttsPreview', previewRows.rows[0]!._id);
  });

  it(`deletes what it made, refunding tasks that never started (${deletes.length} operations)`, LONG, async () => {
    const before = (await client.account.userRemainingCoins()) as { coins: number };
    for (const entry of deletes) {
      const data = (await call(entry, inputFor(entry))) as { deleted?: boolean };
      expect(data.deleted, entry.id).toBe(true);
    }
    const after = (await client.account.userRemainingCoins()) as { coins: number };
    expect(after.coins).toBeGreaterThan(before.coins);
    const gone = await client.imageToVideo.get({ _id: ids.get('imageToVideo')! }).catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(A2EError);
    expect(gone).toMatchObject({ code: 404, status: 404 });
  });

  it('finishes tasks: an avatar video with a webhook, an image made into an avatar, a twin continued, failures retried', LONG, async () => {
    const video = client.waitFor(
      'avatarVideo',
      client.avatarVideos.videoGenerate({ title: 'Welcome', anchor_id: SYSTEM_AVATARS[0]!._id, anchor_type: 0, audioSrc: 'https://files.example/a.mp3', webhook_url: 'https://hooks.example/a2e', webhook_token: 'secret' }),
      FAST,
    );
    const image = client.textToImage.start({ name: 'Portrait', prompt: 'a portrait' });
    const imageDone = client.waitFor('textToImage', image, FAST);
    const twin = client.waitFor('videoTwin', client.videoTwin.startTraining({ name: 'Twin', video_url: 'https://files.example/t.mp4' }), FAST);
    const failing = client.captionRemoval.start({ name: 'please fail', source_url: 'https://files.example/v.mp4' });
    const failedTwin = client.videoTwin.startTraining({ name: 'fail twin', video_url: 'https://files.example/t.mp4' });
    const failure = await client.waitFor('captionRemoval', failing, FAST).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(A2ETaskFailedError);
    expect((failure as A2ETaskFailedError).message).toMatch(/\S/);

    const done = await video;
    expect(done).toMatchObject({ status: 'success', result: expect.stringMatching(/^https:\/\/.+\.mp4$/) });
    expect(done).not.toHaveProperty('webhook_token');
    const picture = await imageDone;
    expect(picture.image_urls).toEqual([expect.stringMatching(/\.png$/)]);
    const avatar = (await call(byId('textToImage.quickAddAvatar'), { _id: picture._id, gender: 'female' })) as { _id: string; image_url: string };
    expect(avatar.image_url).toBe((picture.image_urls as string[])[0]);

    const trained = await twin;
    expect(trained.status).toBe('completed');
    expect(((await call(byId('videoTwin.continueTraining'), { _id: trained._id })) as { status: string }).status).toBe('pending');

    const retried = (await call(byId('captionRemoval.retry'), { _id: (failure as A2ETaskFailedError).taskId })) as { _id: string };
    await expect(client.waitFor('captionRemoval', retried, FAST)).resolves.toMatchObject({ current_status: 'completed', result_url: expect.stringMatching(/^https:/) });
    const twinFailure = await client.waitFor('videoTwin', failedTwin, FAST).catch((e: unknown) => e);
    expect(twinFailure).toBeInstanceOf(A2ETaskFailedError);
    await call(byId('videoTwin.retry'), { _id: (twinFailure as A2ETaskFailedError).taskId });
  });

  it('streaming avatar: avatars, token, QA context, ask, speak, leave', async () => {
    const streaming = (name: string) => entries0.find((e) => e.id === `streaming.${name}`)!;
    const avatars = (await call(streaming('listAvatars'), {})) as { _id: string }[];
    const room = (await call(streaming('createToken'), { avatar_id: avatars[0]!._id, expire_seconds: 60 })) as { channel: string };
    await call(streaming('setQaContext'), { channel: room.channel, text: 'We open at nine.' });
    // Undocumented (`none`): the simulator answers it, the broker never depends on it.
    expect(((await call(streaming('getQaContext'), { channel: room.channel })) as { context: string }).context).toBe('We open at nine.');
    expect(await call(streaming('ask'), { text: 'When do you open?', channel: room.channel })).toEqual({});
    await call(streaming('speak'), { channel: room.channel, text: 'Hello!' });
    await call(streaming('leave'), { channel: room.channel });
  });

  it('surfaces the broker refusing a wrong token as a typed error', async () => {
    const stranger = new A2EClient({ baseUrl: 'https://broker.test', token: 'nope', fetch: fetchSelf });
    const err = await stranger.account.userRemainingCoins().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'unauthorized', status: 401, requestId: expect.stringMatching(/\S/) });
  });

  afterAll(() => {
    const missing = entries0.map((entry) => entry.id).filter((id) => !called.has(id));
    expect(missing, 'operations never round-tripped').toEqual([]);
  });
});
