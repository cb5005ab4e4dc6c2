import type { BenchResult } from './lib/result.ts';
import { measureBundleSize } from './bundle-size.ts';
import { measureWarmUp } from './code-warm-up.ts';
import { measureConnect } from './connect-first-frame.ts';
import { measureNetwork } from './network-latency.ts';
import { measureSessionLoad } from './session-load.ts';
import { measureSpeak } from './speak-latency.ts';
import { measureUploadMemory } from './upload-memory.ts';
import { measureBrokerCost } from './broker-cost.ts';
import { measureFirstSentence } from './first-sentence.ts';

/** Every benchmark `npm run bench` runs, in order; `quick` asks for a tiny smoke-sized run. */
export interface Benchmark {
  name: string;
  title: string;
  goal: string;
  run(quick: boolean): Promise<BenchResult>;
}

export const benchmarks: Benchmark[] = [
  {
    name: 'connect',
    title: 'connect() to first video frame',
    goal: '≤ 600 ms; request and load overlap',
    run: (quick) => measureConnect({ runs: quick ? 2 : 20 }),
  },
  {
    name: 'network',
    title: 'A conversation from another site, 100 ms away: before and after',
    goal: '0 preflights; first frame ≤ 2 RTT + 80 ms; first words (no render lead) ≤ 1 RTT + 80 ms',
    run: (quick) => measureNetwork(quick ? { runs: 1, asks: 2 } : { runs: 8, asks: 2 }),
  },
  {
    name: 'warm-up',
    title: 'Warming the Agora chunk on a slow link (`preload`)',
    goal: 'click to chunk loaded shorter with preload',
    run: (quick) => measureWarmUp({ runs: quick ? 1 : 3 }),
  },
  {
    name: 'speak',
    title: 'Speak through the broker vs straight to the simulator',
    goal: '≤ 2 ms added at p50; ≥ 1000 req/s',
    run: (quick) =>
      measureSpeak(
        quick
          ? { rounds: 1, requests: 50, loadSeconds: 2, connections: 4 }
          : { rounds: 5, requests: 400, loadSeconds: 5, connections: 16 },
      ),
  },
  {
    name: 'speak-cost',
    title: 'Broker cost per speak: broker vs its /health floor vs the upstream',
    goal: '≤ 2 ms of the broker’s own at p50',
    run: (quick) => measureBrokerCost(quick ? { rounds: 3, requests: 25 } : { rounds: 40, requests: 50 }),
  },
  {
    name: 'first-sentence',
    title: 'Model mode: ask to the first sentence at A2E',
    goal: '≤ 30 ms from the first sentence’s last token to its speak',
    run: (quick) => measureFirstSentence({ runs: quick ? 3 : 20 }),
  },
  {
    name: 'sessions',
    title: '200 concurrent sessions, abandoned every way a visitor can',
    goal: 'zero open within the idle bound',
    run: (quick) => measureSessionLoad(quick ? { visitors: 12, concurrency: 4 } : { visitors: 200, concurrency: 20 }),
  },
  {
    name: 'upload',
    title: '50 MB upload through the admin proxy',
    goal: 'peak RSS within 10 MB of idle',
    run: (quick) => measureUploadMemory(quick ? { sizeBytes: 4 * 1024 ** 2, runs: 1 } : { sizeBytes: 50 * 1024 ** 2, runs: 5 }),
  },
  {
    name: 'bundle',
    title: 'Widget bundle size',
    goal: 'first script ≤ 20 KB gzipped; Agora SDK lazy',
    run: async () => measureBundleSize(),
  },
];
