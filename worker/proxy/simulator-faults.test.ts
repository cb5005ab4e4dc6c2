import { SELF } from 'cloudflare:test';
import { afterEach, describe, expect, it } from 'vitest';
import { A2EClient, A2EError } from '../../client/index';

/** The simulator's fault switches (POST /sim/faults) reach the back office as typed errors. */
const client = new A2EClient({ baseUrl: 'https://broker.test', token: 'test-admin-token', fetch: SELF.fetch.bind(SELF) as typeof fetch });

async function arm(faults: object) {
  const res = await SELF.fetch('https://broker.test/sim/faults', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(faults),
  });
  expect(res.status).toBe(200);
}

afterEach(async () => {
  await SELF.fetch('https://broker.test/sim/faults', { method: 'DELETE' });
});

describe('upstream faults through the proxy', () => {
  it('a 5xx page in front of A2E becomes 502 upstream_error', async () => {
    await arm({ fail5xx: 1 });
    const err = await client.account.userRemainingCoins().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(A2EError);
    expect(err).toMatchObject({ code: 'upstream_error', status: 502 });
    expect(await client.account.userRemainingCoins()).toMatchObject({ coins: expect.any(Number) });
  });

  it("an A2E error code passes through as A2E's code and message", async () => {
    await arm({ errorCode: { code: 1001, msg: 'all hosts are occupied', count: 1 } });
    await expect(client.tts.anchorLanguageList()).rejects.toMatchObject({ code: 1001, message: 'all hosts are occupied', status: 200 });
  });

  it('a malformed reply is a typed error, not a crash', async () => {
    await arm({ malformed: 1 });
    await expect(client.tts.anchorLanguageList()).rejects.toMatchObject({ code: 'malformed_reply' });
  });
});
