import { describe, expect, it } from 'vitest';
import { streamingEndpoints as endpoints } from '../../catalogue/streaming-endpoints';
import { MAX_CONTEXT_LENGTH, MAX_TEXT_LENGTH } from '../../../protocol/broker-api';
import { SIM_AVATARS } from '../sim-avatars';
import { a2e, a2eJson, createChannel } from '../test-support';
import { FALLBACK_ANSWER } from './qa-retrieval';

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

describe('QA context', () => {
  it('sets and reads back the context of a channel', async () => {
    const { channel } = await createChannel();
    const empty = await a2eJson<{ context: string }>(`${endpoints.getQaContext.path}?channel=${channel}`);
    expect(empty).toMatchObject({ code: 0, data: { context: '' } });

    const set = await a2eJson(endpoints.setQaContext.path, { body: { channel, context: 'We sell bicycles.' } });
    expect(set.code).toBe(0);
    const read = await a2eJson<{ context: string }>(`${endpoints.getQaContext.path}?channel=${channel}`);
    expect(read.data?.context).toBe('We sell bicycles.');
  });

  it('keeps contexts apart per channel', async () => {
    const a = await createChannel();
    const b = await createChannel();
    await a2eJson(endpoints.setQaContext.path, { body: { channel: a.channel, context: 'Context A.' } });
    const read = await a2eJson<{ context: string }>(`${endpoints.getQaContext.path}?channel=${b.channel}`);
    expect(read.data?.context).toBe('');
  });

  it('refuses a missing channel, an unknown channel and an oversized context', async () => {
    const { channel } = await createChannel();
    const missing = await a2eJson(endpoints.getQaContext.path);
    expect(missing).toMatchObject({ code: 400, msg: 'channel is required' });
    const unknown = await a2eJson(`${endpoints.getQaContext.path}?channel=sim_unknown`);
    expect(unknown.code).toBe(404);
    const big = await a2eJson(endpoints.setQaContext.path, {
      body: { channel, context: 'x'.repeat(MAX_CONTEXT_LENGTH + 1) },
    });
    expect(big.code).toBe(400);
    expect(big.msg).toMatch(/longer than/);
    const noContext = await a2eJson(endpoints.setQaContext.path, { body: { channel } });
    expect(noContext).toMatchObject({ code: 400, msg: 'context is required' });
  });
});

describe('question', () => {
  it('answers from the context, or politely falls back', async () => {
    const { channel } = await createChannel();
    await a2eJson(endpoints.setQaContext.path, {
      body: { channel, context: 'Delivery takes three working days. Our helpline is open on weekdays.' },
    });
    const known = await a2eJson<{ answer: string }>(endpoints.ask.path, {
      body: { channel, question: 'How long does delivery take?' },
    });
    expect(known).toMatchObject({ code: 0, data: { answer: 'Delivery takes three working days.' } });
    const unknown = await a2eJson<{ answer: string }>(endpoints.ask.path, {
      body: { channel, question: 'Is the moon made of cheese?' },
    });
    expect(unknown).toMatchObject({ code: 0, data: { answer: FALLBACK_ANSWER } });
  });

  it('refuses a missing or too long question', async () => {
    const { channel } = await createChannel();
    expect(await a2eJson(endpoints.ask.path, { body: { channel } })).toMatchObject({ code: 400, msg: 'question is required' });
    const long = await a2eJson(endpoints.ask.path, { body: { channel, question: 'q'.repeat(MAX_TEXT_LENGTH + 1) } });
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
  it('closes the channel; leaving again succeeds; later calls on it are refused', async () => {
    const { channel, uid } = await createChannel();
    expect(await a2eJson(endpoints.leave.path, { body: { channel, uid } })).toMatchObject({ code: 0 });
    expect(await a2eJson(endpoints.leave.path, { body: { channel, uid } })).toMatchObject({ code: 0 });
    for (const [path, body] of [
      [endpoints.speak.path, { channel, text: 'Hello?' }],
      [endpoints.ask.path, { channel, question: 'Hello?' }],
      [endpoints.setQaContext.path, { channel, context: 'Late.' }],
    ] as const) {
      const reply = await a2eJson(path, { body });
      expect(reply.code, path).toBe(410);
      expect(reply.msg).toMatch(/closed \(left\)/);
    }
  });

  it('refuses an unknown channel and a uid of another channel', async () => {
    const { channel, uid } = await createChannel();
    expect(await a2eJson(endpoints.leave.path, { body: { channel: 'sim_unknown', uid } })).toMatchObject({ code: 404 });
    expect(await a2eJson(endpoints.leave.path, { body: { channel, uid: uid + 1 } })).toMatchObject({ code: 400 });
    // The refused leave left the channel open.
    expect(await a2eJson(endpoints.speak.path, { body: { channel, text: 'Still here.' } })).toMatchObject({ code: 0 });
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
