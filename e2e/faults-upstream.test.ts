import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorBody } from '../protocol/broker-api';
import { startWorker, type RunningWorker } from './worker-server';
import { firstAvatarId, inPool, simStats, Visitor, visitorAddress, waitForStats, type Broker } from './load/visitor';

/**
 * Upstream faults injected through the simulator's switches while sessions run. The broker must
 * answer each affected call in the error shape with the fitting status, never hang, and lose no
 * session: once the faults stop, every session works, and every one ends upstream.
 */
const ORIGIN = 'http://shop.localhost';
const VISITORS = 8;
const UPSTREAM_TIMEOUT_MS = 1_500;
/** No call may take longer than this: the upstream timeout plus generous slack for a loaded machine. */
const HANG_BOUND_MS = 20_000;

describe('the broker under upstream faults', () => {
  let worker: RunningWorker;
  let broker: Broker;
  const visitors: Visitor[] = [];

  beforeAll(async () => {
    worker = await startWorker({
      SESSION_SECRET: 'faults-test-session-secret',
      ALLOWED_ORIGINS: ORIGIN,
      UPSTREAM_TIMEOUT_MS: String(UPSTREAM_TIMEOUT_MS),
      SESSION_IDLE_SECONDS: '60',
    });
    broker = { url: worker.url, origin: ORIGIN };
    const avatarId = await firstAvatarId(broker);
    for (let n = 0; n < VISITORS; n++) visitors.push(new Visitor(broker, visitorAddress(n)));
    await inPool(visitors, 4, (visitor) => visitor.connect(avatarId, 5_000));
  });
  afterAll(async () => {
    for (const visitor of visitors) visitor.dispose();
    await worker?.stop();
  });

  const faults = (body: unknown) => fetch(`${worker.url}/sim/faults`, { method: 'POST', body: JSON.stringify(body) }).then(expectOk);
  const clearFaults = () => fetch(`${worker.url}/sim/faults`, { method: 'DELETE' }).then(expectOk);

  /** Every visitor speaks at once; returns the replies, failing if any call hangs. */
  async function everyoneSpeaks(text: string): Promise<Response[]> {
    return Promise.all(visitors.map((visitor) => bounded(visitor.speak(text))));
  }

  it.each([
    { name: 'a burst of 5xx', switches: { fail5xx: 5 }, burst: 5, status: 502, code: 'upstream_error' },
    { name: 'timeouts', switches: { timeout: 3 }, burst: 3, status: 504, code: 'upstream_timeout' },
    { name: 'malformed replies', switches: { malformed: 4 }, burst: 4, status: 502, code: 'upstream_error' },
    { name: 'all hosts busy (code 1001)', switches: { errorCode: { code: 1001, msg: 'all hosts are occupied', count: 2 } }, burst: 2, status: 502, code: 'upstream_busy' },
  ])('answers $name in the error shape, the rest normally, and the sessions survive', async ({ switches, burst, status, code }) => {
    await faults(switches);
    const replies = await everyoneSpeaks('Are you there?');
    const failed = replies.filter((res) => res.status !== 200);
    // A speak is never retried (the avatar would say it twice), so each fault fails exactly one call.
    expect(failed).toHaveLength(burst);
    for (const res of failed) {
      expect(res.status).toBe(status);
      const body = (await res.json()) as ErrorBody;
      expect(body.error.code).toBe(code);
      expect(body.error.requestId).toMatch(/\S/);
      if (code === 'upstream_busy') expect(Number(res.headers.get('Retry-After'))).toBeGreaterThan(0);
    }
    await clearFaults();
    for (const res of await everyoneSpeaks('Still there?')) expect(res.status).toBe(200);
  });

  it('answers session starts that fail upstream in the error shape, and opens no room for them', async () => {
    const before = (await simStats(broker)).openChannels;
    await faults({ fail5xx: 2 });
    const starts = await Promise.all(
      [0, 1].map((n) =>
        bounded(fetch(`${worker.url}/v1/sessions`, {
          method: 'POST',
          headers: { origin: ORIGIN, 'content-type': 'application/json', 'cf-connecting-ip': visitorAddress(100 + n) },
          body: JSON.stringify({ avatarId: 'anything-valid' }),
        })),
      ),
    );
    for (const res of starts) {
      expect(res.status).toBe(502);
      expect(((await res.json()) as ErrorBody).error.code).toBe('upstream_error');
    }
    await clearFaults();
    expect((await simStats(broker)).openChannels).toBe(before);
  });

  it('ends every session upstream although leaving fails at first', async () => {
    await Promise.all([faults({ fail5xx: 4, timeout: 2 })]);
    // Hang up while leave calls fail: each reply is prompt, and in the error shape when it fails.
    const replies = await Promise.all(
      visitors.map((visitor) =>
        bounded(
          fetch(`${worker.url}/v1/sessions/${visitor.session!.sessionId}/leave`, {
            method: 'POST',
            headers: { origin: ORIGIN, authorization: `Bearer ${visitor.session!.ticket}`, 'cf-connecting-ip': visitor.address },
          }),
        ),
      ),
    );
    for (const res of replies) {
      if (res.status === 200) continue;
      expect([502, 504]).toContain(res.status);
      expect(((await res.json()) as ErrorBody).error.code).toMatch(/^upstream_/);
    }
    await clearFaults();
    for (const visitor of visitors) visitor.room?.close();
    // The broker keeps trying in the background: nothing stays open.
    const after = await waitForStats(broker, (stats) => stats.openChannels === 0, 60_000);
    expect(after.openChannels).toBe(0);
  });
});

/** Rejects instead of hanging when a call takes longer than HANG_BOUND_MS. */
function bounded(reply: Promise<Response>): Promise<Response> {
  let timer: ReturnType<typeof setTimeout>;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`a call hung for ${HANG_BOUND_MS} ms`)), HANG_BOUND_MS);
  });
  return Promise.race([reply, hang]).finally(() => clearTimeout(timer));
}

async function expectOk(res: Response): Promise<void> {
  expect(res.status, await res.text()).toBe(200);
}
