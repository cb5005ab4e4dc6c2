import { describe, expect, it } from 'vitest';
import { streamingEndpoints as endpoints } from '../../catalogue/streaming-endpoints';
import { MAX_TEXT_LENGTH } from '../../../protocol/broker-api';
import { catalogue } from '../../../protocol/a2e-catalogue/index';
import { SIM_AVATARS } from '../sim-avatars';
import { a2e, a2eJson, createChannel } from '../test-support';

const HEX_ID = /^[0-9a-f]{24}$/;

describe('all_avatars', () => {
  it('lists friendly avatars with 24-hex ids, names, genders and preview images', async () => {
    const reply = await a2eJson<Array<Record<string, string>>>(endpoints.listAvatars.path);
    expect(reply.code).toBe(0);
    const avatars = reply.data ?? [];
    expect(avatars.length).toBeGreaterThanOrEqual(3);
    for (const avatar of avatars) {
      expect(avatar._id).toMatch(HEX_ID);
      expect(avatar.name).toMatch(/\S/);
      expect(['female', 'male']).toContain(avatar.gender);
      expect(avatar.video_cover).toBe(`/sim/avatars/${avatar._id}/preview.svg`);
    }
  });
});

describe('agora-token', () => {
  it('mints a channel with Agora-shaped credentials, a new one each time', async () => {
    const first = await createChannel(SIM_AVATARS[0]!._id, 120);
    const second = await createChannel(SIM_AVATARS[0]!._id, 120);
    expect(first.appId).toMatch(/^[0-9a-f]{32}$/);
    expect(first.token.length).toBeGreaterThan(32);
    expect(Number.isInteger(first.uid) && first.uid > 0).toBe(true);
    expect(second.channel).not.toBe(first.channel);
    expect(second.token).not.toBe(first.token);
  });

  it('states the room’s expiry as A2E does where seen: Unix seconds and a UTC date', async () => {
    const before = Date.now();
    const reply = await a2eJson<{ expire_epoch_timestamp: number; expire_date_UTC: string }>(endpoints.createToken.path, {
      body: { avatar_id: SIM_AVATARS[0]!._id, expire_seconds: 120 },
    });
    const stated = reply.data!.expire_epoch_timestamp;
    expect(Number.isInteger(stated)).toBe(true);
    expect(stated * 1000).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 120_000);
    expect(stated * 1000).toBeLessThanOrEqual(Date.now() + 120_000);
    expect(Date.parse(reply.data!.expire_date_UTC)).toBe(stated * 1000);
  });

  it('refuses an unknown avatar, a missing avatar_id and a bad expiry with non-zero codes', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ avatar_id: 'ffffffffffffffffffffffff' }, /avatar_id not found/],
      [{ expire_seconds: 60 }, /avatar_id is required/],
      [{ avatar_id: SIM_AVATARS[0]!._id, expire_seconds: -5 }, /expire_seconds/],
      [{ avatar_id: SIM_AVATARS[0]!._id, expire_seconds: 'soon' }, /expire_seconds/],
    ];
    for (const [body, msg] of cases) {
      const res = await a2e(endpoints.createToken.path, { body });
      expect(res.status).toBe(200);
      const reply = (await res.json()) as { code: number; msg: string };
      expect(reply.code, JSON.stringify(body)).not.toBe(0);
      expect(reply.msg).toMatch(msg);
    }
  });

  it('refuses a body that is not JSON', async () => {
    const reply = await a2eJson(endpoints.createToken.path, { body: '{"avatar_id": ' });
    expect(reply).toEqual({ code: 400, msg: 'The request body must be a JSON object.' });
  });
});

const getQaContextPath = catalogue.streaming.getQaContext.path;

describe('QA context', () => {
  it('sets the context of a channel from `text` (and the undocumented read-back still answers it)', async () => {
    const { channel } = await createChannel();
    const empty = await a2eJson<{ context: string }>(`${getQaContextPath}?channel=${channel}`);
    expect(empty).toMatchObject({ code: 0, data: { context: '' } });

    const set = await a2eJson(endpoints.setQaContext.path, { body: { channel, text: 'We sell bicycles.' } });
    expect(set.code).toBe(0);
    const read = await a2eJson<{ context: string }>(`${getQaContextPath}?channel=${channel}`);
    expect(read.data?.context).toBe('We sell bicycles.');
  });

  it('keeps contexts apart per channel', async () => {
    const a = await createChannel();
    const b = await createChannel();
    await a2eJson(endpoints.setQaContext.path, { body: { channel: a.channel, text: 'Context A.' } });
    const read = await a2eJson<{ context: string }>(`${getQaContextPath}?channel=${b.channel}`);
    expect(read.data?.context).toBe('');
  });

  it('takes exactly 5 000 characters and refuses 5 001, A2E-style (HTTP 200, code ≠ 0)', async () => {
    const { channel } = await createChannel();
    expect((await a2eJson(endpoints.setQaContext.path, { body: { channel, text: 'x'.repeat(5_000) } })).code).toBe(0);
    const res = await a2e(endpoints.setQaContext.path, { body: { channel, text: 'x'.repeat(5_001) } });
    expect(res.status).toBe(200);
    const big = (await res.json()) as { code: number; msg: string };
    expect(big.code).not.toBe(0);
    expect(big.msg).toMatch(/longer than 5000/);
  });

  it('refuses a missing channel, an unknown channel, a missing text and the old `context` field', async () => {
    const { channel } = await createChannel();
    const missing = await a2eJson(getQaContextPath);
    expect(missing).toMatchObject({ code: 400, msg: 'channel is required' });
    const unknown = await a2eJson(`${getQaContextPath}?channel=sim_unknown`);
    expect(unknown.code).toBe(404);
    expect(await a2eJson(endpoints.setQaContext.path, { body: { channel } })).toMatchObject({ code: 400, msg: 'text is required' });
    expect(await a2eJson(endpoints.setQaContext.path, { body: { channel, context: 'Facts.' } })).toMatchObject({ code: 400, msg: 'text is required' });
  });
});

describe('ask', () => {
  it('answers with data {} (the answer is said in the room, not replied)', async () => {
    const { channel } = await createChannel();
    await a2eJson(endpoints.setQaContext.path, {
      body: { channel, text: 'Delivery takes three working days. Our helpline is open on weekdays.' },
    });
    const reply = await a2eJson(endpoints.ask.path, { body: { text: 'How long does delivery take?', channel } });
    expect(reply).toEqual({ code: 0, msg: 'success', data: {} });
  });

  it('refuses a missing, a too long question and one sent as `question` instead of `text`', async () => {
    const { channel } = await createChannel();
    expect(await a2eJson(endpoints.ask.path, { body: { channel } })).toMatchObject({ code: 400, msg: 'text is required' });
    expect(await a2eJson(endpoints.ask.path, { body: { channel, question: 'Why?' } })).toMatchObject({ code: 400, msg: 'text is required' });
    const long = await a2eJson(endpoints.ask.path, { body: { channel, text: 'q'.repeat(MAX_TEXT_LENGTH + 1) } });
    expect(long.code).toBe(400);
  });
});

describe('speak', () => {
  it('accepts text for an open channel', async () => {
    const { channel } = await createChannel();
    expect(await a2eJson(endpoints.speak.path, { body: { channel, text: 'Hello there.' } })).toEqual({
      code: 0,
      msg: 'success',
      data: null,
    });
  });

  it('refuses blank text, an unknown channel and a missing channel', async () => {
    const { channel } = await createChannel();
    expect(await a2eJson(endpoints.speak.path, { body: { channel, text: '   ' } })).toMatchObject({ code: 400 });
    expect(await a2eJson(endpoints.speak.path, { body: { channel: 'sim_unknown', text: 'Hi' } })).toMatchObject({ code: 404 });
    expect(await a2eJson(endpoints.speak.path, { body: { text: 'Hi' } })).toMatchObject({ code: 400, msg: 'channel is required' });
  });
});

describe('leave', () => {
  it('closes the channel from `{ channel }`; leaving again succeeds; later calls on it are refused', async () => {
    const { channel } = await createChannel();
    expect(await a2eJson(endpoints.leave.path, { body: { channel } })).toMatchObject({ code: 0 });
    expect(await a2eJson(endpoints.leave.path, { body: { channel } })).toMatchObject({ code: 0 });
    for (const [path, body] of [
      [endpoints.speak.path, { channel, text: 'Hello?' }],
      [endpoints.ask.path, { channel, text: 'Hello?' }],
      [endpoints.setQaContext.path, { channel, text: 'Late.' }],
    ] as const) {
      const reply = await a2eJson(path, { body });
      expect(reply.code, path).toBe(410);
      expect(reply.msg).toMatch(/closed \(left\)/);
    }
  });

  it('refuses an unknown channel and a missing one, and leaves nothing closed', async () => {
    const { channel } = await createChannel();
    expect(await a2eJson(endpoints.leave.path, { body: { channel: 'sim_unknown' } })).toMatchObject({ code: 404 });
    expect(await a2eJson(endpoints.leave.path, { body: {} })).toMatchObject({ code: 400, msg: 'channel is required' });
    expect(await a2eJson(endpoints.speak.path, { body: { channel, text: 'Still here.' } })).toMatchObject({ code: 0 });
  });
});

describe('paths A2E does not have', () => {
  it.each([
    ['POST', '/api/v1/streaming-avatar/question', { channel: 'sim_x', question: 'Why?' }],
    ['POST', '/api/v1/streaming-avatar/set_qa_context', { channel: 'sim_x', text: 'x' }],
    ['POST', '/api/v1/streaming-avatar/leave-room', { channel: 'sim_x' }],
    ['GET', '/api/v1/streaming-avatar/ask', undefined],
  ])('refuses %s %s A2E-style: HTTP 200, code ≠ 0', async (method, path, body) => {
    const res = await a2e(path, { method, body });
    expect(res.status).toBe(200);
    const reply = (await res.json()) as { code: number; msg: string };
    expect(reply.code).not.toBe(0);
    expect(reply.msg).toMatch(/No such endpoint/);
  });
});

describe('auth', () => {
  it('refuses a missing, malformed or wrong key with code 401 and no data', async () => {
    for (const headers of [{ Authorization: '' }, { Authorization: 'Basic abc' }, { Authorization: 'Bearer wrong-key' }]) {
      const res = await a2e(endpoints.listAvatars.path, { headers });
      expect(res.status, headers.Authorization).toBeGreaterThanOrEqual(400);
      const reply = (await res.json()) as { code: number; msg: string; data?: unknown };
      expect(reply.code).toBe(401);
      expect(reply.data).toBeUndefined();
    }
  });

  it('answers an unknown endpoint with an A2E-style 404', async () => {
    const res = await a2e('/not-an-a2e-endpoint');
    expect(res.status).toBe(404);
    expect(((await res.json()) as { code: number }).code).toBe(404);
  });
});
