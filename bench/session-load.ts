import { startWorker } from '../e2e/worker-server.ts';
import { ENDINGS, firstAvatarId, inPool, simStats, Visitor, visitorAddress, waitForStats } from '../e2e/load/visitor.ts';
import type { BenchResult } from './lib/result.ts';
import { fixed, median, quantile } from './lib/stats.ts';

/**
 * The load test's scenario (e2e/load-sessions.test.ts), measured: `visitors` sessions started
 * and joined at once, used, then abandoned in the four ways a visit ends; how fast sessions
 * start, and how long after the last sign of life the last abandoned one is ended upstream.
 */
const ORIGIN = 'http://load.localhost';
const IDLE_SECONDS = 10;
const HEARTBEAT_MS = 3_000;

export async function measureSessionLoad({ visitors: count, concurrency }: { visitors: number; concurrency: number }): Promise<BenchResult> {
  const worker = await startWorker({
    SESSION_SECRET: 'bench-load-secret',
    ALLOWED_ORIGINS: ORIGIN,
    SESSION_IDLE_SECONDS: String(IDLE_SECONDS),
    MAX_CONCURRENT_SESSIONS: String(count + 50),
  });
  const broker = { url: worker.url, origin: ORIGIN };
  const visitors = Array.from({ length: count }, (_, n) => new Visitor(broker, visitorAddress(n)));
  try {
    const avatarId = await firstAvatarId(broker);
    const connectMs: number[] = [];
    const started = performance.now();
    await inPool(visitors, concurrency, async (visitor, n) => {
      const t = performance.now();
      await visitor.connect(avatarId, HEARTBEAT_MS);
      connectMs.push(performance.now() - t);
      const spoken = await visitor.speak(`Hello from visitor ${n}.`);
      if (spoken.status !== 200) throw new Error(`speak answered ${spoken.status}: ${await spoken.text()}`);
    });
    const rampSeconds = (performance.now() - started) / 1000;
    const open = (await simStats(broker)).openChannels;

    await inPool(visitors, concurrency, (visitor, n) => visitor.end(ENDINGS[n % ENDINGS.length]!));
    const abandonedAt = performance.now();
    const afterEnds = (await simStats(broker)).openChannels;
    const boundMs = (IDLE_SECONDS + 30) * 1000;
    const final = await waitForStats(broker, (stats) => stats.openChannels === 0, boundMs);
    const cleanupSeconds = (performance.now() - abandonedAt) / 1000;
    const leaves = final.calls['/api/v1/streaming-avatar/leave'] ?? 0;

    const details = [
      `${count} wire-level visitors (the e2e load test's), ${concurrency} at a time: each starts a session, joins its`,
      `room socket, sends a heartbeat every ${HEARTBEAT_MS / 1000} s and speaks; once all are in, a quarter each hang up,`,
      'close the tab (beacon), are killed (socket reset, nothing sent) or lose the network (socket left',
      `silent). \`SESSION_IDLE_SECONDS=${IDLE_SECONDS}\`; the simulator's \`GET /sim/stats\` counts open rooms.`,
      '',
      '| | measured |',
      '| --- | --- |',
      `| sessions open together | ${open} of ${count} |`,
      `| start + join, p50 / p99 | ${fixed(median(connectMs), 0)} / ${fixed(quantile(connectMs, 0.99), 0)} ms |`,
      `| all ${count} started and joined in | ${fixed(rampSeconds, 1)} s (${fixed(count / rampSeconds, 1)} sessions/s) |`,
      `| open right after the hang-ups and beacons | ${afterEnds} (the killed and dropped ones) |`,
      `| last session ended upstream, after the visitors went quiet | ${fixed(cleanupSeconds, 1)} s (idle bound ${IDLE_SECONDS} s plus the alarm) |`,
      `| open at the end | ${final.openChannels} |`,
      `| A2E leave calls | ${leaves} |`,
    ];
    const met = final.openChannels === 0 && open === count;
    return {
      rows: [
        {
          what: `${count} concurrent sessions abandoned every way: open after the idle bound`,
          goal: '0',
          measured: `${final.openChannels} open; last one ended ${fixed(cleanupSeconds, 1)} s after the visitors went quiet (idle ${IDLE_SECONDS} s)`,
          met,
        },
      ],
      details: details.join('\n'),
    };
  } finally {
    for (const visitor of visitors) visitor.dispose();
    await worker.stop();
  }
}
