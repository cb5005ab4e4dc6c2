import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorker, type RunningWorker } from './worker-server';
import { ENDINGS, firstAvatarId, inPool, simStats, Visitor, visitorAddress, waitForStats, type Broker } from './load/visitor';
import { streamingEndpoints } from '../worker/catalogue/streaming-endpoints';

/**
 * 200 visitors with sessions open at the same time, each used, then abandoned in each of the
 * ways a visit ends (hang-up, tab closed with the beacon, tab killed, network dropped). Whatever
 * the ending, every session must end upstream: the ones nobody ended by the broker's idle alarm.
 */
const VISITORS = 200;
const IDLE_SECONDS = 15;
/** Connected visitors beat well inside the idle bound, so only abandoned sessions go idle. */
const HEARTBEAT_MS = 3_000;
const ORIGIN = 'http://shop.localhost';
/** How long after the last activity a session may still be open: the idle bound plus the alarm's slack. */
const IDLE_BOUND_MS = (IDLE_SECONDS + 10) * 1000;

describe(`${VISITORS} concurrent sessions, abandoned every way a visitor can`, () => {
  let worker: RunningWorker;
  let broker: Broker;
  const visitors: Visitor[] = [];

  beforeAll(async () => {
    worker = await startWorker({
      // A fixed secret keeps tickets valid if wrangler reloads the Worker mid-run.
      SESSION_SECRET: 'load-test-session-secret',
      ALLOWED_ORIGINS: ORIGIN,
      SESSION_IDLE_SECONDS: String(IDLE_SECONDS),
      MAX_CONCURRENT_SESSIONS: String(VISITORS + 50),
    });
    broker = { url: worker.url, origin: ORIGIN };
  });
  afterAll(async () => {
    for (const visitor of visitors) visitor.dispose();
    await worker?.stop();
  });

  it('ends every session upstream, within the idle bound, whatever the visitor did', { timeout: 180_000 }, async () => {
    const avatarId = await firstAvatarId(broker);
    for (let n = 0; n < VISITORS; n++) visitors.push(new Visitor(broker, visitorAddress(n)));

    // Connect everyone (session + room socket) and have each say something.
    await inPool(visitors, 20, async (visitor, n) => {
      await visitor.connect(avatarId, HEARTBEAT_MS);
      await expectOk(await visitor.speak(`Hello from visitor ${n}.`));
    });
    // All are open together; each asks something too.
    expect((await simStats(broker)).openChannels).toBe(VISITORS);
    await inPool(visitors, 20, async (visitor, n) => {
      await expectOk(await visitor.ask(`Visitor ${n} asks: what can you do?`));
    });

    // A quarter of the visitors end each way.
    const endings = visitors.map((_, n) => ENDINGS[n % ENDINGS.length]!);
    await inPool(visitors, 20, (visitor, n) => visitor.end(endings[n]!));
    const abandoned = endings.filter((how) => how === 'tab-killed' || how === 'network-dropped').length;
    // Hang-ups and beacons end at once; nobody spoke to the rest since.
    expect((await simStats(broker)).openChannels).toBe(abandoned);

    const after = await waitForStats(broker, (stats) => stats.openChannels === 0, IDLE_BOUND_MS);
    expect(after.openChannels).toBe(0);
    // Each ended by leaving its room (not by running out its paid expiry).
    expect(after.calls[streamingEndpoints.leave.path]).toBeGreaterThanOrEqual(VISITORS);

    // An ended session refuses further use, in the error shape.
    const late = await visitors[2]!.speak('Anyone there?');
    expect(late.status).toBeGreaterThanOrEqual(400);
    expect(late.status).toBeLessThan(500);
    const body = (await late.json()) as { error: { code: string; requestId: string } };
    expect(body.error.code).toBe('session_ended');
  });
});

async function expectOk(res: Response): Promise<void> {
  const body = await res.text();
  expect(res.status, body).toBe(200);
}
