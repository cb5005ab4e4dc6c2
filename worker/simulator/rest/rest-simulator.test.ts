import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { simulatorApp } from '../simulator-app';

const KEY = { Authorization: 'Bearer simulator' };

async function a2e(path: string, init: RequestInit = {}) {
  const res = await simulatorApp.request(`https://video.a2e.ai${path}`, { ...init, headers: { ...KEY, ...init.headers } }, env);
  return { status: res.status, body: (await res.json()) as { code: number; msg?: string; data?: unknown } };
}

const post = (path: string, body: string) => a2e(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });

describe('the rest simulator speaks A2E', () => {
  it('answers success in the { code: 0, data } envelope', async () => {
    const { status, body } = await post('/api/v1/userImage2Video/start', '{"name":"c","image_url":"https://i.example/a.jpg","prompt":"wave"}');
    expect(status).toBe(200);
    expect(body.code).toBe(0);
    expect(body.data).toMatchObject({ name: 'c', current_status: 'initialized', _id: expect.stringMatching(/^[0-9a-f]{24}$/) });
  });

  it('refuses bad input with code 400 and a message naming the field, with HTTP 200', async () => {
    const missing = await post('/api/v1/userImage2Video/start', '{"name":"c"}');
    expect(missing.status).toBe(200);
    expect(missing.body.code).toBe(400);
    expect(missing.body.msg).toContain('image_url');
    expect((await post('/api/v1/userImage2Video/start', '{not json')).body.code).toBe(400);
    expect((await post('/api/v1/userImage2Video/start', '[1,2]')).body.code).toBe(400);
    expect((await post('/api/v1/userImage2Video/start', '{"name":"c","image_url":"not a url","prompt":"p"}')).body.code).toBe(400);
  });

  it('answers unknown ids with code 404 and malformed ids with code 400', async () => {
    expect((await a2e('/api/v1/userDubbing/0123456789abcdef01234567')).body.code).toBe(404);
    expect((await a2e('/api/v1/userDubbing/xyz')).body.code).toBe(400);
    expect((await a2e('/api/v1/userFaceSwapTask/detail?_id=0123456789abcdef01234567')).body.code).toBe(404);
  });

  it('refuses a video for an avatar or background that does not exist, creating nothing', async () => {
    const before = ((await a2e('/api/v1/video/allRecords?pageSize=100')).body.data as { total: number }).total;
    const video = (fields: object) =>
      post('/api/v1/video/generate', JSON.stringify({ title: 't', anchor_type: 0, audioSrc: 'https://a.example/a.mp3', ...fields }));
    expect((await video({ anchor_id: 'nobody' })).body.code).toBe(404);
    expect((await video({ anchor_id: '0123456789abcdef01234567', anchor_type: 1 })).body.code).toBe(404);
    expect((await video({ anchor_id: 'a2e600000000000000000a01', back_id: 'nowhere' })).body.code).toBe(404);
    expect(((await a2e('/api/v1/video/allRecords?pageSize=100')).body.data as { total: number }).total).toBe(before);
    expect((await video({ anchor_id: 'a2e600000000000000000a01', back_id: 'a2e700000000000000000a01' })).body.code).toBe(0);
  });

  it('routes literal paths before id paths', async () => {
    const { body } = await a2e('/api/v1/userDubbing/allRecords');
    expect(body.code).toBe(0);
    expect(body.data).toMatchObject({ pageNum: 1, pageSize: 10 });
  });

  it('pages lists newest first and refuses a page size over 100', async () => {
    for (const name of ['one', 'two', 'three']) {
      await post('/api/v1/userCaptionRemove/start', JSON.stringify({ name, source_url: 'https://v.example/a.mp4' }));
    }
    const page = (await a2e('/api/v1/userCaptionRemove/allRecords?pageNum=1&pageSize=2')).body.data as { list: { name: string }[]; total: number };
    expect(page.list.map((r) => r.name)).toEqual(['three', 'two']);
    expect(page.total).toBe(3);
    const next = (await a2e('/api/v1/userCaptionRemove/allRecords?pageNum=2&pageSize=2')).body.data as { list: { name: string }[] };
    expect(next.list.map((r) => r.name)).toEqual(['one']);
    expect((await a2e('/api/v1/userCaptionRemove/allRecords?pageSize=1000')).body.code).toBe(400);
  });

  it('deletes for real', async () => {
    const created = (await post('/api/v1/custom_back/add', '{"img_url":"https://b.example/x.jpg"}')).body.data as { _id: string };
    expect((await a2e(`/api/v1/custom_back/${created._id}`, { method: 'DELETE' })).body).toMatchObject({ code: 0, data: { deleted: true } });
    expect((await a2e(`/api/v1/custom_back/${created._id}`, { method: 'DELETE' })).body.code).toBe(404);
    const list = (await post('/api/v1/custom_back/allBackground', '')).body.data as { _id: string }[];
    expect(list.map((b) => b._id)).not.toContain(created._id);
  });

  it('refuses an invalid download-probe size', async () => {
    expect((await a2e('/api/v1/simulator/download-probe?bytes=-1')).body.code).toBe(400);
  });
});
