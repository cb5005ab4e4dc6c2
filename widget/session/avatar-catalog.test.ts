import { describe, expect, it } from 'vitest';
import { errorReply, FakeBroker } from '../test/fake-broker';
import { avatarCatalog } from './avatar-catalog';

describe('avatarCatalog', () => {
  it('asks each broker once per page, however many elements want the list', async () => {
    const broker = new FakeBroker('https://one.test');
    const replies = await Promise.all([
      avatarCatalog('https://one.test', broker.fetch),
      avatarCatalog('https://one.test/', broker.fetch),
      avatarCatalog('https://one.test', broker.fetch),
    ]);
    await avatarCatalog('https://one.test', broker.fetch);
    expect(broker.callsTo('GET /v1/avatars')).toHaveLength(1);
    expect(replies[1]).toBe(replies[0]);
    expect(replies[0]!.avatars[0]!.id).toBe('ava');
  });

  it('keeps brokers apart', async () => {
    const broker = new FakeBroker('https://two.test');
    await avatarCatalog('https://two.test', broker.fetch);
    await avatarCatalog('https://three.test', broker.fetch).catch(() => undefined);
    expect(broker.calls.map((call) => call.path)).toEqual(['/v1/avatars', '/v1/avatars']);
  });

  it('forgets a failed request, so the next element tries again', async () => {
    const broker = new FakeBroker('https://four.test');
    broker.on('GET /v1/avatars', () => errorReply(502, 'upstream_error', 'A2E is down'));
    await expect(avatarCatalog('https://four.test', broker.fetch)).rejects.toMatchObject({ code: 'upstream_error' });
    broker.on('GET /v1/avatars', () => Response.json({ avatars: [], transport: 'agora' }));
    expect((await avatarCatalog('https://four.test', broker.fetch)).transport).toBe('agora');
    expect(broker.callsTo('GET /v1/avatars')).toHaveLength(2);
  });
});
