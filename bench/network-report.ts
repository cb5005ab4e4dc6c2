import type { BenchResult } from './lib/result.ts';
import type { ConversationTimes } from './lib/network-conversation.ts';
import { fixed, median, quantile } from './lib/stats.ts';
import { START_LEAD_MS } from '../worker/simulator/utterance-timing.ts';

/**
 * "before", "after" and "bare" ("after" against a simulator with no render lead) at RTT_MS;
 * "loopback" is "bare" with no delay, to tell the network's share from the machine's work;
 * "traced" is "bare" on a Worker with wrangler dev's local tracing on (its default).
 */
export type Mode = 'before' | 'after' | 'bare' | 'loopback' | 'traced';

export interface Run extends ConversationTimes {
  mode: Mode;
  /** Which round of the rotation it ran in: the modes of one round ran back to back. */
  round: number;
  seen: string[];
  /** How late the proxy's delayed steps ran in this run (ms, each). */
  lateness: number[];
}

const COLUMNS: readonly Mode[] = ['before', 'after', 'bare', 'loopback', 'traced'];

/** `rttMs`: the emulated round trip; `idleSeconds`: the Worker's SESSION_IDLE_SECONDS. */
export function reportNetwork(runs: Run[], { rttMs: RTT_MS, idleSeconds: IDLE_SECONDS }: { rttMs: number; idleSeconds: number }): BenchResult {
  const of = (mode: Mode) => runs.filter((run) => run.mode === mode);
  const med = (mode: Mode, pick: (run: Run) => number) => median(of(mode).map(pick));
  const count = (run: Run, test: (route: string) => boolean) => run.seen.filter(test).length;
  const preflights = (run: Run) => count(run, (route) => route.startsWith('OPTIONS '));
  const heartbeats = (run: Run) => count(run, (route) => route === 'POST /v1/sessions/:id/heartbeat');
  const first = (pick: (times: Run['asks'][number]) => number) => (run: Run) => (run.asks[0] ? pick(run.asks[0]) : Number.NaN);
  const firstWords = first((ask) => ask.words);
  const laterWords = (mode: Mode) => median(of(mode).flatMap((run) => run.asks.slice(1).map((ask) => ask.words)));
  const ms = (value: number) => `${fixed(value, 0)} ms`;
  const frameGoal = 2 * RTT_MS + 80;
  const wordsGoal = RTT_MS + 80;
  const row = (what: string, pick: (mode: Mode) => string) => `| ${what} | ${COLUMNS.map(pick).join(' | ')} |`;
  const timeRow = (what: string, pick: (run: Run) => number) => row(what, (mode) => ms(med(mode, pick)));
  // Paired by round (the modes of a round run back to back), so the machine's drift in load
  // between rounds cancels out of each difference: "bare" and "loopback" share a Worker.
  const share = (pick: (run: Run) => number) => {
    const near = new Map(of('loopback').map((run) => [run.round, run]));
    return median(of('bare').flatMap((run) => (near.has(run.round) ? [pick(run) - pick(near.get(run.round)!)] : [])));
  };
  const late = runs.filter((run) => run.mode !== 'loopback').flatMap((run) => run.lateness);
  const traced = { frame: med('traced', (r) => r.firstFrame), words: med('traced', firstWords) };
  const sample = (mode: Mode) => tally(of(mode)[0]?.seen ?? []);
  const routes = [...new Set([...Object.keys(sample('before')), ...Object.keys(sample('after'))])].sort();
  const after = { preflights: med('after', preflights), requests: med('after', (r) => r.seen.length), frame: med('after', (r) => r.firstFrame) };
  const before = { preflights: med('before', preflights), requests: med('before', (r) => r.seen.length), frame: med('before', (r) => r.firstFrame) };
  const words = { before: med('before', firstWords), after: med('after', firstWords), bare: med('bare', firstWords), loopback: med('loopback', firstWords) };
  const details = [
    `A customer's page on its own site (\`http://127.0.0.2:…\`) embeds \`<a2e-avatar>\` from the Worker as the`,
    `README shows (\`wrangler dev\`, simulator mode, \`SESSION_IDLE_SECONDS=${IDLE_SECONDS}\` so the heartbeat comes every`,
    `${IDLE_SECONDS / 3} s). Between the browser and the Worker a proxy (e2e/broker-proxy.ts) holds every request and`,
    `every WebSocket frame for ${RTT_MS / 2} ms each way (a ${RTT_MS} ms round trip) and counts what reaches the broker;`,
    '(Chromium\'s DevTools network emulation was measured first and dropped: it lets a preflight ride inside its',
    'request\'s latency, ~65 ms instead of a round trip, and halves a WebSocket handshake, flattering "before").',
    `Each run is a fresh browser context: load the page, wait for it to settle, \`connect()\`, ${of('after')[0]?.asks.length ?? 0} × \`ask()\` 3.5 s`,
    'apart, hang up. **before** is the widget\'s network behaviour before issue 16 (ticket in `Authorization`, JSON',
    'labelled `application/json`, `PUT` for the context, the heartbeat on its schedule however busy the',
    'conversation, no code warm-up), kept as a test seam for this comparison; **after** is the widget as it ships.',
    `Both talk to a simulator that, like the default \`npm start\`, waits a ${START_LEAD_MS} ms "render lead" before the avatar`,
    "starts an utterance: a stand-in for A2E's GPUs rendering the first frames of speech. A2E documents no such time",
    '(shared/a2e-api.md), so that lead is our guess, not a measurement and not our code. **after, no lead** is "after"',
    'against a second Worker started with `SIM_RENDER_LEAD_MS=0`: the answer starts the moment the simulated A2E has',
    `it, which leaves our own path alone (broker, simulated A2E call, room, widget). **loopback** is "after, no lead"`,
    `through a proxy that delays nothing: the time the machine itself takes, so that "after, no lead" minus "loopback"`,
    `is what the ${RTT_MS} ms round trips cost. Every Worker but one runs with wrangler dev's local tracing off`,
    '(`X_LOCAL_OBSERVABILITY=false`): by default wrangler dev writes a trace span for every request and every Durable Object',
    "call, which a deployed Worker's requests do not wait for (the broker-cost benchmark measures it); **traced** is",
    `"after, no lead" on a Worker with wrangler's default, to show what the tracing adds. All five take turns in one`,
    `process; ${of('after').length} runs each after a warm-up`,
    'round; medians. "First words": from the `ask()` call to the answer\'s caption line appearing in the page',
    "(it grows as the room's QA stream brings the rest). Goals: connect → first frame ≤ 2 RTT + 80 ms",
    `(${frameGoal} ms: the session request and the room socket's handshake are the physical minimum); first words one`,
    `round trip after the ask, read as ≤ 1 RTT + the same 80 ms for work (${wordsGoal} ms), stated against **after, no lead**`,
    `(our path; A2E's render time comes on top of it whatever we do), with "after" (the simulator's ${START_LEAD_MS} ms guess) beside it.`,
    '',
    `| per conversation (page load to hang-up) | before, ${RTT_MS} ms | after, ${RTT_MS} ms | after, no lead, ${RTT_MS} ms | after, no lead, loopback | traced: after, no lead, ${RTT_MS} ms, wrangler's tracing on |`,
    '| --- | --- | --- | --- | --- | --- |',
    row('CORS preflights (OPTIONS at the broker)', (m) => fixed(med(m, preflights), 0)),
    row('requests to the broker (HTTP and WebSocket)', (m) => fixed(med(m, (r) => r.seen.length), 0)),
    row('of which heartbeats', (m) => fixed(med(m, heartbeats), 0)),
    timeRow('`connect()` → session reply', (r) => r.sessionEnd),
    timeRow('`connect()` → transport code loaded (0: `preload` had it)', (r) => r.transportEnd),
    timeRow('`connect()` → room socket created', (r) => r.socketStart),
    timeRow('`connect()` → room socket open', (r) => r.socketOpen),
    timeRow('`connect()` → room says `joined`', (r) => r.joined),
    timeRow('`connect()` → `connected`', (r) => r.connected),
    timeRow('`connect()` → first video frame', (r) => r.firstFrame),
    timeRow('`ask()` → broker\'s reply, first ask', first((ask) => ask.reply)),
    timeRow("`ask()` → answer's first stream message, first ask", first((ask) => ask.stream)),
    timeRow('`ask()` → first words (caption), first ask', firstWords),
    row('`ask()` → first words (caption), later asks', (m) => ms(laterWords(m))),
    '',
    `What the round trips cost ("after, no lead" minus "loopback", the median of each round's difference): connect → first`,
    `frame ${ms(share((r) => r.firstFrame))} (the goal's physical part is 2 RTT, ${2 * RTT_MS} ms), first words of the first ask ${ms(share(firstWords))} (1 RTT is ${RTT_MS} ms).`,
    `The rest is the machine's own work, measured on loopback: ${ms(med('loopback', (r) => r.firstFrame))} to the first frame and`,
    `${ms(words.loopback)} to the first words (the goal allows 80 ms for each). On loopback the browser and the Worker work at the same`,
    "moments on this machine's two cores, where a network's delay spreads them apart: that is why the round trips can seem",
    `to cost less than they add. The render lead adds ${ms(words.after - words.bare)} at ${RTT_MS} ms ("after" minus "after, no lead").`,
    `A busy machine fires the proxy's timers late, which lengthens each emulated round trip: its delayed steps ran`,
    `${ms(median(late))} late at the median and ${ms(quantile(late, 0.9))} at p90 in the ${RTT_MS} ms runs (two steps per request, more per socket).`,
    'Browsers cache a preflight per URL (`Access-Control-Max-Age`), so before, only the first call to each',
    "route of a session paid one: the first ask, not the later ones; and since every route's URL holds the",
    'session id, every new conversation paid them all again.',
    '',
    'What reached the broker in the first run of each (routes with session ids as `:id`):',
    '',
    '| request | before | after |',
    '| --- | --- | --- |',
    ...routes.map((route) => `| \`${route}\` | ${sample('before')[route] ?? 0} | ${sample('after')[route] ?? 0} |`),
  ];
  return {
    rows: [
      {
        what: `CORS preflights per conversation, cross-origin page, ${RTT_MS} ms RTT`,
        goal: '0',
        measured: `${fixed(after.preflights, 0)} (before: ${fixed(before.preflights, 0)})`,
        met: after.preflights === 0,
      },
      {
        what: `Requests to the broker per conversation, ${RTT_MS} ms RTT`,
        goal: 'fewer than before',
        measured: `${fixed(after.requests, 0)} (before: ${fixed(before.requests, 0)})`,
        met: after.requests < before.requests,
      },
      {
        what: `\`connect()\` to first frame, cross-origin page, ${RTT_MS} ms RTT`,
        goal: `≤ 2 RTT + 80 ms (${frameGoal} ms)`,
        measured: `${ms(after.frame)} (before: ${ms(before.frame)}; loopback ${ms(med('loopback', (r) => r.firstFrame))}; round trips' share ${ms(share((r) => r.firstFrame))}; with wrangler's local tracing on ${ms(traced.frame)})`,
        met: after.frame <= frameGoal,
      },
      {
        what: `\`ask()\` to first words (first ask), cross-origin page, ${RTT_MS} ms RTT, simulator with no render lead (our path)`,
        goal: `≤ 1 RTT + 80 ms (${wordsGoal} ms)`,
        measured: `${ms(words.bare)} (loopback ${ms(words.loopback)}; round trips' share ${ms(share(firstWords))}; with wrangler's local tracing on ${ms(traced.words)})`,
        met: words.bare <= wordsGoal,
      },
      {
        what: `the same with the simulator's ${START_LEAD_MS} ms render lead (a guess at A2E's render time, which A2E does not document)`,
        goal: '– (A2E\'s render time is not ours)',
        measured: `${ms(words.after)} (before: ${ms(words.before)})`,
        met: null,
      },
    ],
    details: details.join('\n'),
  };
}

function tally(seen: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const route of seen) counts[route] = (counts[route] ?? 0) + 1;
  return counts;
}
