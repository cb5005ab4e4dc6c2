import { startWorker, type RunningWorker } from '../e2e/worker-server.ts';
import { saturate, type LoadResult, type LoadTarget } from './lib/load.ts';
import type { BenchResult } from './lib/result.ts';
import { fixed, median, quantile } from './lib/stats.ts';
import { timedRequests, type TimedTarget } from './lib/timed-requests.ts';
import type { AvatarsReply, CreateSessionReply } from '../protocol/broker-api.ts';

/**
 * Speak through the broker vs straight to the simulator, on loopback. Two `wrangler dev`s: the
 * first runs the simulator and plays A2E (its `/api/v1/*` proxy is the door, so "straight to the
 * simulator" is exactly what an A2E client calling it sees); the second runs the broker in live
 * mode with A2E_BASE_URL pointing at the first, so every broker speak really crosses loopback HTTP
 * to the same simulator. Added latency = broker speak − direct speak, measured side by side.
 */
const UPSTREAM_KEY = 'bench-upstream-key';
const ORIGIN = 'http://bench.localhost';
const TEXT = 'Hello, and welcome.';

export interface SpeakOptions {
  rounds: number;
  /** Timed sequential requests per round and path. */
  requests: number;
  /** Seconds of saturation per round and path. */
  loadSeconds: number;
  connections: number;
}

interface Targets {
  direct: TimedTarget & LoadTarget;
  broker: TimedTarget & LoadTarget;
  health: TimedTarget & LoadTarget;
}

export async function measureSpeak(options: SpeakOptions): Promise<BenchResult> {
  const upstream = await startWorker({ ADMIN_TOKEN: UPSTREAM_KEY });
  let broker: RunningWorker | undefined;
  try {
    broker = await startWorker({
      A2E_API_KEY: UPSTREAM_KEY,
      A2E_BASE_URL: upstream.url,
      ALLOWED_ORIGINS: ORIGIN,
      SESSION_IDLE_SECONDS: '3600',
    });
    const targets = await prepare(upstream, broker);
    for (const target of Object.values(targets)) await timedRequests(target, 200);

    const latency = { direct: [] as number[][], broker: [] as number[][], health: [] as number[][] };
    const load = { direct: [] as LoadResult[], broker: [] as LoadResult[] };
    for (let round = 0; round < options.rounds; round++) {
      // Alternate which side goes first, so drift over the run (heat, a neighbour) hits both alike.
      const order = round % 2 === 0 ? (['direct', 'broker'] as const) : (['broker', 'direct'] as const);
      for (const side of order) latency[side].push((await timedRequests(targets[side], options.requests)).latenciesMs);
      latency.health.push((await timedRequests(targets.health, options.requests)).latenciesMs);
      for (const side of order) load[side].push(await saturate(targets[side], options.loadSeconds, options.connections));
    }
    return report(options, latency, load);
  } finally {
    await broker?.stop();
    await upstream.stop();
  }
}

/** Opens one broker session and returns the three requests to time. */
async function prepare(upstream: RunningWorker, broker: RunningWorker): Promise<Targets> {
  const avatars = (await (await fetch(`${broker.url}/v1/avatars`, { headers: { origin: ORIGIN } })).json()) as AvatarsReply;
  const avatarId = avatars.avatars[0]?.id;
  if (!avatarId) throw new Error(`the broker lists no avatars: ${JSON.stringify(avatars)}`);
  const created = await fetch(`${broker.url}/v1/sessions`, {
    method: 'POST',
    headers: { origin: ORIGIN, 'content-type': 'application/json' },
    body: JSON.stringify({ avatarId }),
  });
  if (created.status !== 201) throw new Error(`session not created: ${created.status} ${await created.text()}`);
  const session = (await created.json()) as CreateSessionReply;

  // Each broker request comes from its own client address, so the benchmark measures the rate
  // limiter's cost without tripping it (Wrangler keeps a CF-Connecting-IP the client sends).
  let client = 0;
  const clientAddress = () => {
    client++;
    return `10.${(client >> 16) & 255}.${(client >> 8) & 255}.${client & 255}`;
  };
  return {
    direct: {
      url: `${upstream.url}/api/v1/streaming-avatar/speak`,
      method: 'POST',
      headers: () => ({ authorization: `Bearer ${UPSTREAM_KEY}` }),
      body: JSON.stringify({ channel: session.rtc.channel, text: TEXT }),
    },
    broker: {
      url: `${broker.url}/v1/sessions/${session.sessionId}/speak`,
      method: 'POST',
      headers: () => ({ authorization: `Bearer ${session.ticket}`, origin: ORIGIN, 'cf-connecting-ip': clientAddress() }),
      body: JSON.stringify({ text: TEXT }),
    },
    health: { url: `${broker.url}/health`, method: 'GET', headers: () => ({}) },
  };
}

function report(
  options: SpeakOptions,
  latency: Record<'direct' | 'broker' | 'health', number[][]>,
  load: Record<'direct' | 'broker', LoadResult[]>,
): BenchResult {
  // Per round: the percentile of that round; the table shows the median over rounds.
  const per = (side: keyof typeof latency, q: number) => median(latency[side].map((round) => quantile(round, q)));
  const added = (q: number) => median(latency.broker.map((round, i) => quantile(round, q) - quantile(latency.direct[i]!, q)));
  const rps = (side: keyof typeof load) => median(load[side].map((r) => r.requestsPerSecond));
  const loadP = (side: keyof typeof load, key: 'p50Ms' | 'p99Ms') => median(load[side].map((r) => r[key]));
  const failed = (side: keyof typeof load) => load[side].reduce((n, r) => n + r.failed, 0);
  const addedP50 = added(0.5);
  const brokerRps = rps('broker');
  const ms = (value: number) => `${fixed(value, 2)} ms`;

  const details = [
    'Two `wrangler dev`s on loopback. The first runs the simulator and plays A2E: "direct" is',
    '`POST /api/v1/streaming-avatar/speak` on it with its admin token, the path an A2E client would',
    'take. The second runs the broker in live mode with `A2E_BASE_URL` pointing at the first:',
    '"broker" is `POST /v1/sessions/:id/speak` with the session\'s ticket, which the broker checks,',
    'rate-limits and relays over loopback HTTP to the same simulator. So the difference is',
    'everything the broker adds, including one more pass through `wrangler dev`\'s own proxy',
    'process (which a deployed Worker does not have); `GET /health` on the broker shows that floor.',
    '',
    `Latency: ${options.requests} sequential requests per path and round on a keep-alive connection,`,
    `timed in Node with sub-millisecond resolution; ${options.rounds} rounds, the two paths alternating`,
    'in order; each figure is the median over rounds of that round\'s percentile.',
    `Throughput: autocannon, ${options.connections} connections, ${options.loadSeconds} s per path and round`,
    '(its latency histogram keeps whole milliseconds). Each broker request carries its own',
    '`CF-Connecting-IP`, so the per-client rate limiter runs on every request without refusing any.',
    '',
    '| | direct | broker | added | broker `/health` |',
    '| --- | --- | --- | --- | --- |',
    `| p50, one at a time | ${ms(per('direct', 0.5))} | ${ms(per('broker', 0.5))} | ${ms(addedP50)} | ${ms(per('health', 0.5))} |`,
    `| p99, one at a time | ${ms(per('direct', 0.99))} | ${ms(per('broker', 0.99))} | ${ms(added(0.99))} | ${ms(per('health', 0.99))} |`,
    `| requests/s, saturated | ${fixed(rps('direct'), 0)} | ${fixed(brokerRps, 0)} | | |`,
    `| p50 / p99 under load | ${loadP('direct', 'p50Ms')} / ${loadP('direct', 'p99Ms')} ms | ${loadP('broker', 'p50Ms')} / ${loadP('broker', 'p99Ms')} ms | | |`,
    `| failed requests under load | ${failed('direct')} | ${failed('broker')} | | |`,
  ];
  return {
    rows: [
      {
        what: 'speak through the broker vs straight to the simulator: added latency',
        goal: '≤ 2 ms at p50',
        measured: `p50 +${fixed(addedP50, 2)} ms, p99 +${fixed(added(0.99), 2)} ms`,
        met: addedP50 <= 2,
      },
      {
        what: 'speak through the broker: requests per second',
        goal: '≥ 1000 req/s',
        measured: `${fixed(brokerRps, 0)} req/s (direct ${fixed(rps('direct'), 0)})`,
        met: brokerRps >= 1000,
      },
    ],
    details: details.join('\n'),
  };
}
