import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { a2e, a2eJson } from '../test-support';
import { SYSTEM_AVATARS, SYSTEM_BACKGROUNDS } from './sim-fixtures';
import { CODE_BOTH_BACKGROUNDS } from './preconditions';

type Rows = { rows: { _id: string; name: string }[]; count: number };
const post = (path: string, body: unknown) => a2e(path, { method: 'POST', body });
const start = async (path: string, body: object) => ((await (await post(path, body)).json()) as { data: { _id: string } }).data._id;
const ADMIN = { Authorization: 'Bearer test-admin-token' };

describe('the rest simulator speaks A2E', { timeout: 30_000 }, () => {
  it('answers success in the { code: 0, data } envelope', async () => {
    const res = await post('/api/v1/userImage2Video/start', { name: 'c', image_url: 'https://i.example/a.jpg', prompt: 'wave' });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { code: number; data: Record<string, unknown> };
    expect(body.code).toBe(0);
    expect(body.data).toMatchObject({ name: 'c', current_status: 'initialized', _id: expect.stringMatching(/^[0-9a-f]{24}$/) });
  });

  it('refuses a missing required field with code 400 naming it, under the HTTP status the reference lists', async () => {
    const res = await post('/api/v1/userImage2Video/start', { name: 'c' });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { code: number; msg: string };
    expect(body.code).toBe(400);
    expect(body.msg).toContain('image_url');
    // userKlingImage/start lists no 400: A2E's usual HTTP 200 with a non-zero code.
    const kling = await post('/api/v1/userKlingImage/start', { name: 'k' });
    expect(kling.status).toBe(200);
    expect(((await kling.json()) as { code: number; msg: string }).msg).toContain('prompt');
    expect((await a2eJson('/api/v1/userImage2Video/start', { method: 'POST', body: '{not json' })).code).toBe(400);
    expect((await a2eJson('/api/v1/userImage2Video/start', { method: 'POST', body: '[1,2]' })).code).toBe(400);
    expect((await a2eJson('/api/v1/userVoice/training', { method: 'POST', body: { name: 'v', voice_urls: [] } })).code).toBe(400);
  });

  it('answers an unknown id 404 (HTTP 404 where listed) and a malformed one 400', async () => {
    const unknown = await a2e('/api/v1/userImage2Video/0123456789abcdef01234567');
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { code: number }).code).toBe(404);
    expect((await a2eJson('/api/v1/userDubbing/0123456789abcdef01234567')).code).toBe(404);
    expect((await a2eJson('/api/v1/userDubbing/xyz')).code).toBe(400);
    expect((await a2eJson('/api/v1/userFaceSwapPreview/status?_id=0123456789abcdef01234567')).code).toBe(404);
  });

  it('refuses back_id with custom_back_id (30005), and avatars or backgrounds that do not exist, creating nothing', async () => {
    const count = async () => ((await a2eJson<Rows>('/api/v1/transactionRecord/creditsHistory?pageSize=100')).data as Rows).count;
    const before = await count();
    const video = (fields: object) =>
      a2eJson('/api/v1/video/generate', { method: 'POST', body: { anchor_id: SYSTEM_AVATARS[0]!._id, anchor_type: 0, audioSrc: 'https://a.example/a.mp3', ...fields } });
    const both = await video({ back_id: SYSTEM_BACKGROUNDS[0]!._id, custom_back_id: SYSTEM_BACKGROUNDS[1]!._id });
    expect(both.code).toBe(CODE_BOTH_BACKGROUNDS);
    expect((await video({ anchor_id: '0123456789abcdef01234567' })).code).toBe(400);
    expect((await video({ back_id: '0123456789abcdef01234567' })).code).toBe(400);
    expect((await video({ audioSrc: undefined })).code).toBe(400);
    expect(await count()).toBe(before);
    expect((await video({ back_id: SYSTEM_BACKGROUNDS[0]!._id })).code).toBe(0);
  });

  it('pages each list in its own form: pageNum/pageSize, page/page_size, current/pageSize', async () => {
    for (const name of ['one', 'two', 'three']) {
      await start('/api/v1/userCaptionRemoval/start', { name, source_url: 'https://v.example/a.mp4' });
      await start('/api/v1/userGptImage/start', { name, prompt: 'p' });
      await a2e('/api/v1/video/send_tts', { method: 'POST', body: { msg: name, tts_id: 'a2e800000000000000000a01' } });
    }
    const names = (data: unknown) => (data as Rows).rows.map((r) => r.name ?? (r as unknown as { msg: string }).msg);
    const byPageNum = await a2eJson('/api/v1/userCaptionRemoval/allRecords?pageNum=1&pageSize=2');
    expect(names(byPageNum.data)).toEqual(['three', 'two']);
    expect((byPageNum.data as Rows).count).toBe(3);
    expect(names((await a2eJson('/api/v1/userCaptionRemoval/allRecords?pageNum=2&pageSize=2')).data)).toEqual(['one']);
    expect(names((await a2eJson('/api/v1/userGptImage/list?page=2&page_size=2')).data)).toEqual(['one']);
    expect(names((await a2eJson('/api/v1/tts/preview/list?current=1&pageSize=2')).data)).toEqual(['three', 'two']);
    expect(names((await a2eJson('/api/v1/tts/preview/list?current=2&pageSize=2')).data)).toEqual(['one']);
    // The reference bounds pageSize at 100 where it says so.
    expect((await a2eJson('/api/v1/tts/preview/list?pageSize=1000')).code).toBe(400);
  });

  it('reads several records with batchDetail, matching by id and leaving unknown ones out', async () => {
    const a = await start('/api/v1/talkingPhoto/start', { name: 'a', image_url: 'https://i/a.png', prompt: 'p', negative_prompt: 'n' });
    const b = await start('/api/v1/talkingPhoto/start', { name: 'b', image_url: 'https://i/b.png', prompt: 'p', negative_prompt: 'n' });
    const { data } = await a2eJson<{ _id: string }[]>('/api/v1/talkingPhoto/batchDetail', { method: 'POST', body: { ids: [b, '0123456789abcdef01234567', a] } });
    expect(data!.map((r) => r._id).sort()).toEqual([a, b].sort());
    expect((await a2eJson('/api/v1/talkingPhoto/batchDetail', { method: 'POST', body: { ids: Array(201).fill(a) } })).code).toBe(400);
  });

  it('deletes only tasks not running: an initialized one is refunded, a running one refused with 400', async () => {
    const coins = async () => ((await a2eJson<{ coins: number }>('/api/v1/user/remainingCoins')).data!).coins;
    const before = await coins();
    const queued = await start('/api/v1/headSwap/start', { image_url: 'https://f/queued.png', target_image_url: 'https://f/t.png' });
    expect(await coins()).toBeLessThan(before);
    const stuck = await start('/api/v1/headSwap/start', { image_url: 'https://f/stuck.png', target_image_url: 'https://f/t.png' });
    const refused = await a2e(`/api/v1/headSwap/${stuck}`, { method: 'DELETE' });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { msg: string }).msg).toMatch(/processing/);
    const afterStuck = await coins();
    const deleted = await a2eJson<{ refunded: number }>(`/api/v1/headSwap/${queued}`, { method: 'DELETE' });
    expect(deleted.data!.refunded).toBeGreaterThan(0);
    expect(await coins()).toBe(afterStuck + deleted.data!.refunded);
    const history = (await a2eJson<{ rows: { amount: number; type: string }[] }>('/api/v1/transactionRecord/creditsHistory?is_consumption=false')).data!;
    expect(history.rows[0]).toMatchObject({ type: 'refund', amount: deleted.data!.refunded });
  });

  it('quotes a generation without running it', async () => {
    const before = ((await a2eJson<Rows>('/api/v1/userWan25/allRecords')).data as Rows).count;
    const five = await a2eJson<{ credits: number; generationRequestValidated: boolean }>('/api/v1/generation/quote', {
      method: 'POST',
      body: { endpoint: 'POST /api/v1/userWan25/start', requestBody: { duration: '5' } },
    });
    const ten = await a2eJson<{ credits: number }>('/api/v1/generation/quote', { method: 'POST', body: { endpoint: '/api/v1/userWan25/start', requestBody: { duration: '10' } } });
    expect(five.data).toMatchObject({ credits: expect.any(Number), generationRequestValidated: false });
    expect(ten.data!.credits).toBe(2 * five.data!.credits);
    expect(((await a2eJson<Rows>('/api/v1/userWan25/allRecords')).data as Rows).count).toBe(before);
    expect((await a2eJson('/api/v1/generation/quote', { method: 'POST', body: { endpoint: '/api/v1/nowhere', requestBody: {} } })).code).toBe(400);
  });

  it('gives an upload URL pair: a PUT stores the bytes, the cdnUrl serves them back', async () => {
    const presigned = await SELF.fetch('https://broker.test/api/v1/r2/upload-presigned-url', {
      method: 'POST',
      headers: { ...ADMIN, 'Content-Type': 'application/json' },
      body: JSON.stringify({ key: 'clips/hello.txt', contentType: 'text/plain' }),
    });
    const { data } = (await presigned.json()) as { data: { uploadUrl: string; cdnUrl: string; key: string; bucket: string } };
    expect(data.uploadUrl).toMatch(/^https:\/\/broker\.test\/sim\/uploads\//);
    expect(data).toMatchObject({ bucket: '3days-apac', key: 'adam2eve/sim/user/sim-user/clips/hello.txt' });
    expect((await SELF.fetch(data.cdnUrl)).status).toBe(404);
    const forged = await SELF.fetch(data.uploadUrl.replace(/token=\w+/, 'token=forged'), { method: 'PUT', body: 'x' });
    expect(forged.status).toBe(403);
    expect((await SELF.fetch(data.uploadUrl, { method: 'PUT', body: 'hello, A2E', headers: { 'Content-Type': 'text/plain' } })).status).toBe(200);
    const served = await SELF.fetch(data.cdnUrl);
    expect(served.status).toBe(200);
    expect(served.headers.get('Content-Type')).toBe('text/plain');
    expect(await served.text()).toBe('hello, A2E');
    expect((await SELF.fetch(data.uploadUrl, { method: 'PUT', body: 'again' })).status).toBe(403);
  });

  it('refuses an invalid download-probe size', async () => {
    expect((await a2eJson('/api/v1/simulator/download-probe?bytes=-1')).code).toBe(400);
  });
});
