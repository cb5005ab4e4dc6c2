import { startWorker } from '../e2e/worker-server.ts';
import { startFakeA2e } from './lib/fake-a2e.ts';
import { startOpenAiStandIn } from '../e2e/openai-stand-in.ts';
import type { BenchResult } from './lib/result.ts';
import { fixed, median, quantile } from './lib/stats.ts';
import type { CreateSessionReply } from '../protocol/broker-api.ts';

/**
 * Model mode: ask → the first sentence at A2E. The broker (`wrangler dev`, live mode) answers from
 * a streaming stand-in model at 300 ms to first token and 30 tokens per second, and speaks to a
 * fake A2E; both stand-ins live in this process and stamp tokens and speaks on its clock. Per
 * ask: how long after the first sentence's last token its speak reached A2E, and the ask's time to
 * that first speak against the time to the answer's last token (the earliest any broker that waits
 * for the whole answer could speak).
 */
const ORIGIN = 'http://bench.localhost';
const PACE = { firstTokenMs: 300, tokensPerSecond: 30 };
const ANSWER =
  'We open at nine every morning. Returns are free within thirty days of delivery. ' +
  'Shipping to any address in Europe takes two working days. Is there anything else I can help you with?';
const GOAL_MS = 30;

interface Run {
  afterLastToken: number;
  askToFirstSpeak: number;
  askToFirstDelta: number;
  askToLastToken: number;
  speaks: number;
}

export async function measureFirstSentence({ runs }: { runs: number }): Promise<BenchResult> {
  const a2e = await startFakeA2e();
  const model = await startOpenAiStandIn({ ...PACE, answer: ANSWER });
  const worker = await startWorker({
    A2E_API_KEY: 'bench-key',
    A2E_BASE_URL: a2e.url,
    LLM_BASE_URL: model.url,
    LLM_MODEL: 'bench',
    SESSION_SECRET: 'bench-first-sentence',
    ALLOWED_ORIGINS: ORIGIN,
  });
  try {
    const results: Run[] = [];
    for (let i = 0; i <= runs; i++) {
      const run = await oneAsk(worker.url, a2e, model);
      if (i > 0) results.push(run); // the first run compiles the code path
    }
    return report(results);
  } finally {
    await worker.stop();
    await model.close();
    await a2e.close();
  }
}

async function oneAsk(url: string, a2e: Awaited<ReturnType<typeof startFakeA2e>>, model: Awaited<ReturnType<typeof startOpenAiStandIn>>): Promise<Run> {
  const created = await fetch(`${url}/v1/sessions`, {
    method: 'POST',
    headers: { origin: ORIGIN, 'content-type': 'application/json' },
    body: JSON.stringify({ avatarId: 'bench-avatar', context: 'Acme Shoes FAQ.' }),
  });
  if (created.status !== 201) throw new Error(`session not created: ${created.status} ${await created.text()}`);
  const session = (await created.json()) as CreateSessionReply;
  const asked = performance.now();
  const res = await fetch(`${url}/v1/sessions/${session.sessionId}/ask`, {
    method: 'POST',
    headers: { origin: ORIGIN, authorization: `Bearer ${session.ticket}`, accept: 'text/event-stream' },
    body: JSON.stringify({ question: 'When do you open?' }),
  });
  let firstDelta = Number.NaN;
  const decoder = new TextDecoder();
  let text = '';
  const reader = res.body!.getReader();
  for (let next = await reader.read(); !next.done; next = await reader.read()) {
    text += decoder.decode(next.value, { stream: true });
    if (Number.isNaN(firstDelta) && text.includes('event: delta')) firstDelta = performance.now();
  }
  if (!/event: done/.test(text)) throw new Error(`the answer did not finish: ${text.slice(0, 300)}`);
  await fetch(`${url}/v1/sessions/${session.sessionId}/leave`, { method: 'POST', headers: { authorization: `Bearer ${session.ticket}`, origin: ORIGIN } });

  const completion = model.completions.at(-1)!;
  const firstEnd = completion.tokens.find((token) => /[.!?]$/.test(token.text))!;
  const speaks = a2e.speaks.filter((speak) => speak.channel === session.rtc.channel);
  return {
    afterLastToken: speaks[0]!.at - firstEnd.at,
    askToFirstSpeak: speaks[0]!.at - asked,
    askToFirstDelta: firstDelta - asked,
    askToLastToken: completion.tokens.at(-1)!.at - asked,
    speaks: speaks.length,
  };
}

function report(runs: Run[]): BenchResult {
  const ms = (value: number) => `${fixed(value, 1)} ms`;
  const of = (key: keyof Run) => runs.map((run) => run[key]);
  const after = of('afterLastToken');
  const worst = Math.max(...after);
  const details = [
    `The broker (\`wrangler dev\`, live mode) answers from a streaming OpenAI-format stand-in (e2e/openai-stand-in.ts) at`,
    `${PACE.firstTokenMs} ms to first token and ${PACE.tokensPerSecond} tokens per second, and speaks to a fake A2E (bench/lib/fake-a2e.ts);`,
    'both run in the benchmark\'s process and stamp each token written and each speak received on one clock.',
    `The answer has four sentences (${ANSWER.length} characters). Each of ${runs.length} asks (after one warm-up) opens a`,
    'session, asks with `Accept: text/event-stream` and reads the stream to `done`.',
    '',
    '| | median | p90 | worst |',
    '| --- | --- | --- | --- |',
    `| first sentence's last token → its speak at A2E | ${ms(median(after))} | ${ms(quantile(after, 0.9))} | ${ms(worst)} |`,
    `| ask → first speak at A2E (sentence by sentence) | ${ms(median(of('askToFirstSpeak')))} | ${ms(quantile(of('askToFirstSpeak'), 0.9))} | ${ms(Math.max(...of('askToFirstSpeak')))} |`,
    `| ask → first \`delta\` at the client | ${ms(median(of('askToFirstDelta')))} | ${ms(quantile(of('askToFirstDelta'), 0.9))} | ${ms(Math.max(...of('askToFirstDelta')))} |`,
    `| ask → the answer's last token (the earliest a broker waiting for the whole answer could speak) | ${ms(median(of('askToLastToken')))} | ${ms(quantile(of('askToLastToken'), 0.9))} | ${ms(Math.max(...of('askToLastToken')))} |`,
    '',
    `Speaks per answer: ${fixed(median(of('speaks')), 0)} (one per sentence). The first sentence's end is confirmed after a grace of`,
    'at most 10 ms for the next token (worker/model/answer-run.ts), then goes to A2E through the session\'s Durable Object.',
  ];
  const gain = median(of('askToLastToken')) - median(of('askToFirstSpeak'));
  return {
    rows: [
      {
        what: "model mode: the first sentence's last token → its speak at A2E (stand-in at 300 ms TTFT, 30 tok/s)",
        goal: `≤ ${GOAL_MS} ms`,
        measured: `median ${ms(median(after))}, worst ${ms(worst)}`,
        met: median(after) <= GOAL_MS,
      },
      {
        what: 'model mode: ask → first speak, sentence by sentence vs waiting for the whole answer',
        goal: 'the first sentence speaks before the answer ends',
        measured: `${ms(median(of('askToFirstSpeak')))} vs ≥ ${ms(median(of('askToLastToken')))} (${ms(gain)} sooner)`,
        met: gain > 0,
      },
    ],
    details: details.join('\n'),
  };
}
