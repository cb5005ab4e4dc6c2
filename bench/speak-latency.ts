import { startWorker, type RunningWorker } from '../e2e/worker-server.ts';
import { saturate, type LoadResult, type LoadTarget } from './lib/load.ts';
import type { BenchResult } from './lib/result.ts';
import { fixed, median, quantile } from './lib/stats.ts';
import { timedRequests, type TimedTarget } from './lib/timed-requests.ts';
import type { AvatarsReply, CreateSessionReply } from '../protocol/broker-api.ts';

/**
 * Speak through the broker vs straight to the simulator. Two `wrangler dev`s on loopback:
 *  - A runs in simulator mode with an admin token. "direct" is `POST /api/v1/streaming-avatar/speak`
 *    on it: the path an A2E client takes to the simulator. "broker, same Worker" is
 *    `POST /v1/sessions/:id/speak` on A, whose broker reaches the same simulator in-process, so
 *    the difference is the broker's own work (ticket, rate limit, session) against the proxy's.
 *  - B runs the broker in live mode with A2E_BASE_URL pointing at A: "broker over loopback" really
 *    crosses loopback HTTP (and a second wrangler dev) to the same simulator.
 * Every block of requests gets a fresh session, because the simulator queues each utterance
 * behind the last (a long queue would slow later blocks); sides alternate in order per round.
 */
const UPSTREAM_KEY = 'bench-upstream-key';
const ORIGIN = 'http://bench.localhost';
const TEXT = 'Hi.';
const SIDES = ['direct', 'local', 'loopback'] as const;
type Side = (typeof SIDES)[number];

export interface SpeakOptions {
  rounds: number;
  /** Timed sequential requests per block. */
  requests: number;
  /** Seconds of saturation per block. */
  loadSeconds: number;
  connections: number;
}

interface Target extends TimedTarget, LoadTarget {
  done(): Promise<void>;
}

export async function measureSpeak(options: SpeakOptions): Promise<BenchResult> {
  const workerVars = { ALLOWED_ORIGINS: ORIGIN, SESSION_IDLE_SECONDS: '3600', MAX_CONCURRENT_SESSIONS: '200' };
  const upstream = await startWorker({ ...workerVars, ADMIN_TOKEN: UPSTREAM_KEY, SESSION_SECRET: 'bench-speak-secret' });
  let broker: RunningWorker | undefined;
  try {
    broker = await startWorker({ ...workerVars, A2E_API_KEY: UPSTREAM_KEY, A2E_BASE_URL: upstream.url });
    const fresh = targets(upstream, broker);
    const health: TimedTarget & LoadTarget = { url: `${upstream.url}/health`, method: 'GET', headers: () => ({}) };
    // Warm-up: compile both Workers' code paths.
    for (const side of SIDES) await block(fresh[side], (target) => timedRequests(target, 100));
    await timedRequests(health, 100);

    const latency: Record<Side | 'health', number[][]> = { direct: [], local: [], loopback: [], health: [] };
    const load: Record<Side | 'health', LoadResult[]> = { direct: [], local: [], loopback: [], health: [] };
    // Rotate the order, so drift over the run (heat, a neighbour) hits every side alike.
    const orderOf = (round: number) => SIDES.map((_, i) => SIDES[(i + round) % SIDES.length]!);
    // Every latency round before any saturation: a latency block that follows a saturated one
    // measures the aftermath (collection, storage catching up) as much as the code.
    for (let round = 0; round < options.rounds; round++) {
      for (const side of orderOf(round)) {
        latency[side].push(await block(fresh[side], async (target) => (await timedRequests(target, options.requests)).latenciesMs));
      }
      latency.health.push((await timedRequests(health, options.requests)).latenciesMs);
    }
    for (let round = 0; round < options.rounds; round++) {
      for (const side of orderOf(round)) {
        load[side].push(await block(fresh[side], (target) => saturate(target, options.loadSeconds, options.connections)));
      }
      load.health.push(await saturate(health, options.loadSeconds, options.connections));
    }
    return report(options, latency, load);
  } finally {
    await broker?.stop();
    await upstream.stop();
  }
}

/** Runs `work` on a fresh session of one side, then ends the session. */
async function block<T>(make: () => Promise<Target>, work: (target: Target) => Promise<T>): Promise<T> {
  const target = await make();
  try {
    return await work(target);
  } finally {
    await target.done();
  }
}

/**
 * Each broker request comes from its own client address, so the rate limiter runs on every
 * request without refusing any (wrangler dev keeps a CF-Connecting-IP the client sends).
 */
let client = 0;
function clientAddress(): string {
  client++;
  return `10.${(client >> 16) & 255}.${(client >> 8) & 255}.${client & 255}`;
}

function targets(upstream: RunningWorker, broker: RunningWorker): Record<Side, () => Promise<Target>> {
  const brokerSpeak = (worker: RunningWorker) => async (): Promise<Target> => {
    const session = await startSession(worker);
    return {
      url: `${worker.url}/v1/sessions/${session.sessionId}/speak`,
      method: 'POST',
      headers: () => ({ authorization: `Bearer ${session.ticket}`, origin: ORIGIN, 'cf-connecting-ip': clientAddress() }),
      body: JSON.stringify({ text: TEXT }),
      done: () => leave(worker, session),
    };
  };
  return {
    direct: async () => {
      // A room of the simulator, opened through A's broker; its speaks then go straight to A's proxy.
      const session = await startSession(upstream);
      return {
        url: `${upstream.url}/api/v1/streaming-avatar/speak`,
        method: 'POST',
        headers: () => ({ authorization: `Bearer ${UPSTREAM_KEY}` }),
        body: JSON.stringify({ channel: session.rtc.channel, text: TEXT }),
        done: () => leave(upstream, session),
      };
    },
    local: brokerSpeak(upstream),
    loopback: brokerSpeak(broker),
  };
}

async function startSession(worker: RunningWorker): Promise<CreateSessionReply> {
  const avatars = (await (await fetch(`${worker.url}/v1/avatars`, { headers: { origin: ORIGIN } })).json()) as AvatarsReply;
  const avatarId = avatars.avatars[0]?.id;
  if (!avatarId) throw new Error(`the broker lists no avatars: ${JSON.stringify(avatars)}`);
  const created = await fetch(`${worker.url}/v1/sessions`, {
    method: 'POST',
    headers: { origin: ORIGIN, 'content-type': 'application/json', 'cf-connecting-ip': clientAddress() },
    body: JSON.stringify({ avatarId }),
  });
  if (created.status !== 201) throw new Error(`session not created: ${created.status} ${await created.text()}`);
  return (await created.json()) as CreateSessionReply;
}

async function leave(worker: RunningWorker, session: CreateSessionReply): Promise<void> {
  const res = await fetch(`${worker.url}/v1/sessions/${session.sessionId}/leave`, {
    method: 'POST',
    headers: { origin: ORIGIN, authorization: `Bearer ${session.ticket}` },
  });
  await res.body?.cancel();
}

function report(options: SpeakOptions, latency: Record<Side | 'health', number[][]>, load: Record<Side | 'health', LoadResult[]>): BenchResult {
  // Latency percentiles over every timed request of a side (all rounds pooled; the rotating order
  // spreads drift evenly), and "added" as the difference of those, so the table adds up.
  const per = (side: Side | 'health', q: number) => quantile(latency[side].flat(), q);
  const added = (side: Side, q: number) => per(side, q) - per('direct', q);
  const rps = (side: Side | 'health') => median(load[side].map((r) => r.requestsPerSecond));
  const loadP = (side: Side | 'health', key: 'p50Ms' | 'p99Ms') => median(load[side].map((r) => r[key]));
  const failed = (side: Side) => load[side].reduce((n, r) => n + r.failed, 0);
  const ms = (value: number) => `${fixed(value, 2)} ms`;
  const signed = (value: number) => `${value < 0 ? '−' : '+'}${fixed(Math.abs(value), 2)} ms`;
  const name: Record<Side, string> = { direct: 'direct (proxy, A)', local: 'broker, same Worker (A)', loopback: 'broker over loopback (B → A)' };

  const details = [
    'Two `wrangler dev`s on loopback. **A** runs the simulator and has an admin token: "direct" is',
    '`POST /api/v1/streaming-avatar/speak` on A (its proxy hands the call to the simulator in-process),',
    'the path an A2E client takes. "Broker, same Worker" is `POST /v1/sessions/:id/speak` on A: its',
    'broker checks the ticket, rate-limits, marks the session active and reaches the same simulator',
    'in-process, so the difference to "direct" is the broker\'s work against the proxy\'s. **B** runs the',
    'broker in live mode with `A2E_BASE_URL` pointing at A: "broker over loopback" relays over real',
    'loopback HTTP to A\'s proxy, so it adds a whole second `wrangler dev` (two workerd processes) to the',
    'path. `GET /health` on A is the floor of any request through `wrangler dev` on this machine.',
    '',
    `Latency: ${options.requests} sequential requests per block on a keep-alive connection, timed in Node`,
    `with sub-millisecond resolution. Throughput: autocannon, ${options.connections} connections, ${options.loadSeconds} s per block`,
    '(its histogram keeps whole milliseconds). Each block runs on a fresh session (the simulator queues',
    `every utterance behind the last, and a long queue slows it); ${options.rounds} rounds, the sides`,
    'rotating in order, all latency rounds before the saturated ones; latency percentiles pool every',
    'request of a side, throughput is the median over rounds. Every broker request carries its own',
    '`CF-Connecting-IP`, so the per-client rate limiter runs on each one without refusing any.',
    'Durable Object storage of both `wrangler dev`s is on tmpfs, so figures measure code, not this VM\'s disk flushes.',
    '',
    '| | p50 | p99 | added p50 | added p99 | req/s saturated | p50 / p99 saturated | failed |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...SIDES.map((side) =>
      [
        name[side],
        ms(per(side, 0.5)),
        ms(per(side, 0.99)),
        side === 'direct' ? '' : signed(added(side, 0.5)),
        side === 'direct' ? '' : signed(added(side, 0.99)),
        fixed(rps(side), 0),
        `${loadP(side, 'p50Ms')} / ${loadP(side, 'p99Ms')} ms`,
        String(failed(side)),
      ].join(' | '),
    ).map((line) => `| ${line} |`),
    `| \`GET /health\` on A | ${ms(per('health', 0.5))} | ${ms(per('health', 0.99))} | | | ${fixed(rps('health'), 0)} | ${loadP('health', 'p50Ms')} / ${loadP('health', 'p99Ms')} ms | |`,
  ];
  const localAdded = added('local', 0.5);
  const loopbackAdded = added('loopback', 0.5);
  details.push(
    '',
    '**What holds these figures back.** Requests per second: `GET /health`, which does nothing, saturates',
    `at ${fixed(rps('health'), 0)} req/s through \`wrangler dev\` here (every request crosses wrangler's proxy workerd and`,
    'the Worker\'s workerd, and autocannon shares the same two cores), so 1000 speaks per second cannot be',
    'reached on this machine whatever the broker does. Each simulated speak also writes two Durable',
    'Objects (the simulator\'s call counter, one object for every call, and the room\'s utterance queue),',
    'and the broker\'s speak adds its session\'s activity write and, under Miniflare only, a Durable Object',
    'round trip for the rate-limit binding (deployed, the binding counts in the same location). Those two',
    `round trips are what the broker adds in the same Worker (${signed(localAdded)} at p50, against the proxy\'s in-isolate token`,
    'check); a run-to-run spread of about a millisecond at these latencies puts it on either side of 2 ms. Added',
    `latency over loopback: B's path holds a second \`wrangler dev\` (two more workerd hops, ≈ the ${ms(per('health', 0.5))}`,
    '`/health` floor) and an HTTP exchange between the two; a deployed broker calls A2E over one',
    'connection from the edge, with no dev proxy in between.',
  );
  return {
    rows: [
      {
        what: 'speak through the broker vs straight to the simulator, same Worker: added latency',
        goal: '≤ 2 ms at p50',
        measured: `p50 ${signed(localAdded)}, p99 ${signed(added('local', 0.99))}`,
        met: localAdded <= 2,
      },
      {
        what: 'the same, broker in its own Worker relaying over loopback HTTP: added latency',
        goal: '≤ 2 ms at p50',
        measured: `p50 ${signed(loopbackAdded)}, p99 ${signed(added('loopback', 0.99))}`,
        met: loopbackAdded <= 2,
      },
      {
        what: 'speak through the broker: requests per second',
        goal: '≥ 1000 req/s',
        measured: `${fixed(rps('local'), 0)} req/s same Worker, ${fixed(rps('loopback'), 0)} over loopback (direct ${fixed(rps('direct'), 0)})`,
        met: Math.max(rps('local'), rps('loopback')) >= 1000,
      },
    ],
    details: details.join('\n'),
  };
}
