import { startWorker } from '../e2e/worker-server.ts';
import { startFakeA2e } from './lib/fake-a2e.ts';
import type { BenchResult } from './lib/result.ts';
import { fixed, quantile } from './lib/stats.ts';
import { timedRequests, type TimedTarget } from './lib/timed-requests.ts';
import type { CreateSessionReply } from '../protocol/broker-api.ts';

/**
 * The broker's own cost per speak, now that a model's answer is several speaks. One `wrangler
 * dev` runs the broker in live mode against a fake A2E on loopback (bench/lib/fake-a2e.ts) that
 * answers at once; side by side in one run: `POST /v1/sessions/:id/speak` through the broker,
 * `GET /health` on the same `wrangler dev` (the floor of any request through it), and the same
 * speak sent straight to the fake A2E (the upstream's share). The broker's own share is what is
 * left: broker − floor − upstream.
 */
const ORIGIN = 'http://bench.localhost';
const SIDES = ['broker', 'health', 'upstream'] as const;
type Side = (typeof SIDES)[number];

export interface BrokerCostOptions {
  rounds: number;
  requests: number;
}

export async function measureBrokerCost(options: BrokerCostOptions): Promise<BenchResult> {
  const a2e = await startFakeA2e();
  const worker = await startWorker({
    A2E_API_KEY: 'bench-key',
    A2E_BASE_URL: a2e.url,
    SESSION_SECRET: 'bench-cost-secret',
    ALLOWED_ORIGINS: ORIGIN,
    SESSION_IDLE_SECONDS: '3600',
  });
  try {
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
    const targets: Record<Side, TimedTarget> = {
      broker: {
        url: `${worker.url}/v1/sessions/${sessionId}/speak`,
        method: 'POST',
        headers: () => ({ authorization: `Bearer ${ticket}`, origin: ORIGIN, 'cf-connecting-ip': `10.0.${(++client >> 8) & 255}.${client & 255}` }),
        body: JSON.stringify({ text: 'Hi.' }),
      },
      health: { url: `${worker.url}/health`, method: 'GET', headers: () => ({}) },
      upstream: {
        url: `${a2e.url}/api/v1/streaming-avatar/speak`,
        method: 'POST',
        headers: () => ({ authorization: 'Bearer bench-key' }),
        body: JSON.stringify({ channel: 'bench-direct', text: 'Hi.' }),
      },
    };
    for (const side of SIDES) await timedRequests(targets[side], 200); // warm-up: compile the paths
    const latency: Record<Side, number[]> = { broker: [], health: [], upstream: [] };
    // Many short blocks in rotating order, so drift over the run (heat, a neighbour's load) hits
    // every side alike.
    for (let round = 0; round < options.rounds; round++) {
      for (let i = 0; i < SIDES.length; i++) {
        const side = SIDES[(i + round) % SIDES.length]!;
        latency[side].push(...(await timedRequests(targets[side], options.requests)).latenciesMs);
      }
    }
    return report(options, latency);
  } finally {
    await worker.stop();
    await a2e.close();
  }
}

function report(options: BrokerCostOptions, latency: Record<Side, number[]>): BenchResult {
  const at = (side: Side, q: number) => quantile(latency[side], q);
  const share = (q: number) => at('broker', q) - at('health', q) - at('upstream', q);
  const ms = (value: number) => `${fixed(value, 2)} ms`;
  const details = [
    'One `wrangler dev` runs the broker in live mode, its `A2E_BASE_URL` a fake A2E on loopback',
    '(bench/lib/fake-a2e.ts: A2E\'s envelope, answered at once). Side by side, in rotating order:',
    '`POST /v1/sessions/:id/speak` through the broker (ticket check, the session\'s Durable Object:',
    'activity and the per-client utterance limit in one call, then the speak upstream); `GET /health`',
    'on the same `wrangler dev`, the floor of any request through its proxy and workerd; and the speak',
    'sent straight to the fake A2E, the upstream\'s own share. The broker\'s own share is broker − floor −',
    'upstream, at the same percentile. Every broker request carries its own `CF-Connecting-IP`, so the',
    `utterance limit counts each one. ${options.rounds} rounds of ${options.requests} sequential requests per side (each block on a keep-alive`,
    'connection, the sides in rotating order), timed in Node; percentiles pool every request of a side.',
    '',
    '| | p50 | p90 | p99 |',
    '| --- | --- | --- | --- |',
    `| speak through the broker | ${ms(at('broker', 0.5))} | ${ms(at('broker', 0.9))} | ${ms(at('broker', 0.99))} |`,
    `| \`GET /health\`, same \`wrangler dev\` | ${ms(at('health', 0.5))} | ${ms(at('health', 0.9))} | ${ms(at('health', 0.99))} |`,
    `| speak straight to the upstream | ${ms(at('upstream', 0.5))} | ${ms(at('upstream', 0.9))} | ${ms(at('upstream', 0.99))} |`,
    `| **broker's own share** | **${ms(share(0.5))}** | ${ms(share(0.9))} | ${ms(share(0.99))} |`,
    '',
    'What the broker does per speak: verifies the ticket (HMAC, key cached per isolate), parses the',
    'body, makes one call to the session\'s Durable Object (which counts the utterance per client',
    'address and marks activity, writing it at most once a second and without holding the reply for',
    'the write), then calls A2E. Before, the utterance limit was a second round trip (the rate-limit',
    'binding, a Durable Object under Miniflare) and the activity write held the reply. What remains is',
    'mostly that one Durable Object round trip, which costs about as much even for a call that does',
    'nothing, and the outbound fetch through workerd; on a loaded machine every such hop costs more.',
    'Taking the round trip off a speak\'s path would mean trusting an isolate\'s own view of the session',
    '(open, under its limit) for a while, and a session ended elsewhere must refuse at once.',
  ];
  return {
    rows: [
      {
        what: 'broker cost per speak: broker − `/health` floor − upstream, p50',
        goal: '≤ 2 ms',
        measured: `${ms(share(0.5))} (broker ${ms(at('broker', 0.5))}, floor ${ms(at('health', 0.5))}, upstream ${ms(at('upstream', 0.5))})`,
        met: share(0.5) <= 2,
      },
    ],
    details: details.join('\n'),
  };
}
