import { fileURLToPath } from 'node:url';
import { startWorker, type RunningWorker } from '../e2e/worker-server.ts';
import { startFakeA2eProcess } from './lib/fake-a2e-process.ts';
import type { BenchResult } from './lib/result.ts';
import { fixed, quantile } from './lib/stats.ts';
import { timedRequests, type TimedTarget } from './lib/timed-requests.ts';
import type { CreateSessionReply } from '../protocol/broker-api.ts';

/**
 * The broker's own cost per speak, now that a model's answer is several speaks. One `wrangler
 * dev` runs the broker in live mode against a fake A2E on loopback that answers at once, in a
 * process of its own (bench/lib/fake-a2e-process.ts); side by side in one run: `POST
 * /v1/sessions/:id/speak` through the broker, `GET /health` on the same `wrangler dev` (the floor
 * of any request through it), and the same speak sent straight to the fake A2E (the upstream's
 * share). The broker's own share is what is left: broker − floor − upstream.
 */
const ORIGIN = 'http://bench.localhost';
const BROKER_SIDES = ['broker', 'health', 'upstream'] as const;
/** A Worker with only a speak's unavoidable steps (bench/bare-speak-worker), and its floor. */
const BARE_SIDES = ['bare', 'bareFloor'] as const;
type Side = (typeof BROKER_SIDES)[number] | (typeof BARE_SIDES)[number];
type Latencies = Partial<Record<Side, number[]>>;
const BARE_CONFIG = fileURLToPath(new URL('./bare-speak-worker/wrangler.toml', import.meta.url));

export interface BrokerCostOptions {
  rounds: number;
  requests: number;
}

/**
 * wrangler dev (4.x) records a trace of every invocation by default (X_LOCAL_OBSERVABILITY): a
 * collector in the same workerd process writes each span (the request, every Durable Object call,
 * every subrequest) to a SQLite store. Production has no such collector on a request's path, and it
 * costs far more per Durable Object call and fetch than the broker's own work, so the goal's figure
 * is taken with it off; the same sides with wrangler's default follow, from the same run.
 */
const WRANGLER_DEFAULT_SHARE = 0.4;

export async function measureBrokerCost(options: BrokerCostOptions): Promise<BenchResult> {
  const plain = await measureSides(options, { X_LOCAL_OBSERVABILITY: 'false' }, true);
  const traced = await measureSides({ ...options, rounds: Math.max(2, Math.round(options.rounds * WRANGLER_DEFAULT_SHARE)) }, {}, false);
  return report(options, plain, traced);
}

async function measureSides(options: BrokerCostOptions, wranglerEnv: Record<string, string>, withBare: boolean): Promise<Latencies> {
  const a2e = await startFakeA2eProcess();
  let bare: RunningWorker | undefined;
  const worker = await startWorker(
    {
      A2E_API_KEY: 'bench-key',
      A2E_BASE_URL: a2e.url,
      SESSION_SECRET: 'bench-cost-secret',
      ALLOWED_ORIGINS: ORIGIN,
      SESSION_IDLE_SECONDS: '3600',
    },
    wranglerEnv,
  );
  try {
    if (withBare) bare = await startWorker({ A2E_BASE_URL: a2e.url }, wranglerEnv, BARE_CONFIG);
    const session = async (): Promise<CreateSessionReply> => {
      const res = await fetch(`${worker.url}/v1/sessions`, {
        method: 'POST',
        headers: { origin: ORIGIN, 'content-type': 'application/json' },
        body: JSON.stringify({ avatarId: 'bench-avatar' }),
      });
      if (res.status !== 201) throw new Error(`session not created: ${res.status} ${await res.text()}`);
      return (await res.json()) as CreateSessionReply;
    };
    // Each broker request from its own client address: the utterance limit is counted on every
    // one (as for a real visitor) without refusing any. The fake A2E queues nothing, so one
    // session serves every block.
    let client = 0;
    const { sessionId, ticket } = await session();
    const targets: Partial<Record<Side, TimedTarget>> = {
      broker: {
        url: `${worker.url}/v1/sessions/${sessionId}/speak`,
        method: 'POST',
        headers: () => ({ authorization: `Bearer ${ticket}`, origin: ORIGIN, 'cf-connecting-ip': `10.0.${(++client >> 8) & 255}.${client & 255}` }),
        body: JSON.stringify({ text: 'Hi.' }),
      },
      health: { url: `${worker.url}/health`, method: 'GET', headers: () => ({}) },
      // The request the broker sends (a2e-call.ts): the same headers and body shape.
      upstream: {
        url: `${a2e.url}/api/v1/streaming-avatar/speak`,
        method: 'POST',
        headers: () => ({ authorization: 'Bearer bench-key', accept: 'application/json' }),
        body: JSON.stringify({ channel: 'bench-direct', text: 'Hi.' }),
      },
      ...(bare && {
        bare: { url: `${bare.url}/speak`, method: 'POST', headers: () => ({ origin: ORIGIN }), body: JSON.stringify({ text: 'Hi.' }) },
        bareFloor: { url: `${bare.url}/`, method: 'GET', headers: () => ({}) },
      }),
    };
    const sides = Object.keys(targets) as Side[];
    for (const side of sides) await timedRequests(targets[side]!, 200); // warm-up: compile the paths
    const latency: Latencies = {};
    // Many short blocks in rotating order, so drift over the run (heat, a neighbour's load) hits
    // every side alike.
    for (let round = 0; round < options.rounds; round++) {
      for (let i = 0; i < sides.length; i++) {
        const side = sides[(i + round) % sides.length]!;
        (latency[side] ??= []).push(...(await timedRequests(targets[side]!, options.requests)).latenciesMs);
      }
    }
    return latency;
  } finally {
    await Promise.all([worker.stop(), bare?.stop()]);
    await a2e.close();
  }
}

function report(options: BrokerCostOptions, plain: Latencies, traced: Latencies): BenchResult {
  const at = (latency: Latencies, side: Side, q: number) => quantile(latency[side]!, q);
  const share = (latency: Latencies, q: number) => at(latency, 'broker', q) - at(latency, 'health', q) - at(latency, 'upstream', q);
  const bareShare = (q: number) => at(plain, 'bare', q) - at(plain, 'bareFloor', q) - at(plain, 'upstream', q);
  const ms = (value: number) => `${fixed(value, 2)} ms`;
  const quantiles = [0.5, 0.9, 0.99];
  const table = (latency: Latencies) => {
    const row = (what: string, side: Side) => `| ${what} | ${quantiles.map((q) => ms(at(latency, side, q))).join(' | ')} |`;
    const derived = (what: string, value: (q: number) => number) => `| ${what} | ${quantiles.map((q, i) => (i === 0 ? `**${ms(value(q))}**` : ms(value(q)))).join(' | ')} |`;
    return [
      '| | p50 | p90 | p99 |',
      '| --- | --- | --- | --- |',
      row('speak through the broker', 'broker'),
      row('`GET /health`, same `wrangler dev`', 'health'),
      row('speak straight to the upstream', 'upstream'),
      derived("**broker's own share**", (q) => share(latency, q)),
      ...(latency.bare
        ? [
            row('the same speak through the bare Worker', 'bare'),
            row('`GET /` on the bare Worker', 'bareFloor'),
            derived("**the bare Worker's share**: the runtime's own cost of a speak's steps", bareShare),
            derived("**the broker's code beyond those steps**", (q) => share(latency, q) - bareShare(q)),
          ]
        : []),
    ];
  };
  const measured = (latency: Latencies) =>
    `${ms(share(latency, 0.5))} (broker ${ms(at(latency, 'broker', 0.5))}, floor ${ms(at(latency, 'health', 0.5))}, upstream ${ms(at(latency, 'upstream', 0.5))})`;
  const tracedRounds = traced.broker!.length / options.requests;
  const details = [
    'One `wrangler dev` runs the broker in live mode, its `A2E_BASE_URL` a fake A2E on loopback',
    '(bench/lib/fake-a2e.ts: A2E\'s envelope, answered at once), in a Node process of its own, so that',
    'the direct call crosses processes as the broker\'s call does. Side by side, in rotating order:',
    '`POST /v1/sessions/:id/speak` through the broker (ticket check, the session\'s Durable Object:',
    'activity and the per-client utterance limit in one call, then the speak upstream); `GET /health`',
    'on the same `wrangler dev`, the floor of any request through its proxy and workerd; and the speak',
    'sent straight to the fake A2E with the broker\'s headers, the upstream\'s own share. The broker\'s own',
    'share is broker − floor − upstream, at the same percentile. Every broker request carries its own',
    '`CF-Connecting-IP`, so the utterance limit counts each one. Each block of sequential requests runs on',
    'one keep-alive connection (the broker\'s own calls to the fake A2E reuse theirs too), the sides in',
    'rotating order, timed in Node; percentiles pool every request of a side.',
    '',
    'A second `wrangler dev` in the same run serves the bare Worker (bench/bare-speak-worker): a speak\'s',
    'unavoidable steps and nothing else (read the JSON body, one call to a Durable Object that counts,',
    'the same fetch to the fake A2E), with `GET /` as its floor. Its share is what the runtime itself',
    'charges for those steps under `wrangler dev`; the broker\'s share less the bare share is what the',
    'broker\'s own code (routing, CORS, ticket, validation, limits, error handling) adds.',
    '',
    `With wrangler's local tracing off (\`X_LOCAL_OBSERVABILITY=false\`), ${options.rounds} rounds of ${options.requests} requests per side, the goal's figure:`,
    '',
    ...table(plain),
    '',
    `The same, with wrangler's default (local tracing on), ${tracedRounds} rounds of ${options.requests}, another \`wrangler dev\` in the same run:`,
    '',
    ...table(traced),
    '',
    'Why two: wrangler 4 records a trace of every invocation in `wrangler dev` by default, a collector in',
    'the same workerd process that writes each span (the request, every Durable Object call, every',
    'subrequest) to a SQLite store. A speak has three such spans where `/health` has one, so most of what',
    'the second table counts as the broker\'s share is the dev tool writing traces; production has no',
    'collector on a request\'s path. The goal is held against the first table.',
    '',
    'What the broker does per speak: checks the ticket (the HMAC once per ticket and isolate, its expiry',
    'every time), writes the CORS headers into the reply Hono prepares (no rebuilt reply), reads and',
    'parses the body once (the ticket may ride in it; the schema reads the same parse), makes one call to',
    'the session\'s Durable Object (which counts the utterance per client address and marks activity from',
    'the record it holds in memory, writing at most once a second and without holding the reply for the',
    'write), then calls A2E; nothing goes upstream before the ticket is checked and the object said yes.',
    '',
    'Where the rest goes: in `wrangler dev` every subrequest also passes through Miniflare\'s outbound',
    'worker (a second JavaScript invocation that copies the headers and fetches again), which is why a',
    'fetch costs the bare Worker far more than the direct call does; a deployed Worker has no such hop.',
    'On a busy machine every hop costs more, and two cores shared with other work make the figure swing',
    'by half a millisecond from hour to hour, the bare share with it.',
  ];
  return {
    rows: [
      {
        what: 'broker cost per speak: broker − `/health` floor − upstream, p50 (wrangler\'s local tracing off)',
        goal: '≤ 2 ms',
        measured: measured(plain),
        met: share(plain, 0.5) <= 2,
      },
      {
        what: 'of which the runtime\'s own cost of a speak\'s steps (a bare Worker: body, one object call, one fetch), p50',
        goal: '–',
        measured: `${ms(bareShare(0.5))}; the broker's code adds ${ms(share(plain, 0.5) - bareShare(0.5))}`,
        met: null,
      },
      {
        what: 'the same, wrangler\'s default (local tracing on)',
        goal: '–',
        measured: measured(traced),
        met: null,
      },
    ],
    details: details.join('\n'),
  };
}
