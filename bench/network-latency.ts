import { chromium, type Browser } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../e2e/chromium.ts';
import { startBrokerProxy, type BrokerProxy } from '../e2e/broker-proxy.ts';
import { startWorker } from '../e2e/worker-server.ts';
import { firstAvatarId } from '../e2e/load/visitor.ts';
import { startPageHost, type PageHost } from './lib/page-host.ts';
import type { BenchResult } from './lib/result.ts';
import { fixed, median, quantile } from './lib/stats.ts';
import { START_LEAD_MS } from '../worker/simulator/utterance-timing.ts';

/**
 * One conversation from a customer's page on another site, with the broker 100 ms away: a proxy
 * in front of the Worker delays every request and every WebSocket frame by half a round trip each
 * way, and counts what reaches the broker. Two widgets side by side in one run, alternating:
 * "before", the widget's network behaviour before issue 16 (ticket in the Authorization header,
 * JSON labelled application/json, PUT for the context, a heartbeat on its schedule however busy
 * the conversation, no code warm-up), kept in the widget as a test seam for this comparison; and
 * "after", the widget as it ships.
 */
const RTT_MS = 100;
/** A short idle limit makes the heartbeat come every 3 s, so a 15 s conversation shows what it costs. */
const IDLE_SECONDS = 9;
const QUESTION = 'When do you open?';

/** "before" and "after" at RTT_MS; "loopback" is "after" with no delay, to tell the network's share from the machine's work. */
type Mode = 'before' | 'after' | 'loopback';
const MODES: readonly Mode[] = ['before', 'after', 'loopback'];

interface InPage {
  sessionEnd: number;
  connected: number;
  firstFrame: number;
  asks: number[];
}

interface Run extends InPage {
  mode: Mode;
  seen: string[];
  /** How late the proxy's delayed steps ran in this run (ms, each). */
  lateness: number[];
}

export async function measureNetwork({ runs, asks }: { runs: number; asks: number }): Promise<BenchResult> {
  const page = await startPageHost();
  const worker = await startWorker({ ALLOWED_ORIGINS: page.origin, SESSION_SECRET: 'bench-network-secret', SESSION_IDLE_SECONDS: String(IDLE_SECONDS) });
  const far = await startBrokerProxy(worker.url, RTT_MS);
  const near = await startBrokerProxy(worker.url, 0);
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true });
  try {
    const avatarId = await firstAvatarId({ url: worker.url, origin: page.origin });
    const results: Run[] = [];
    // A warm-up round first (the Worker compiles its code and the simulator its state on first
    // use); then the modes take turns in a rotating order, so none always runs on a warmer machine.
    for (let i = 0; i <= runs; i++) {
      for (let k = 0; k < MODES.length; k++) {
        const mode = MODES[(i + k) % MODES.length]!;
        const run = await converse(browser, page, mode === 'loopback' ? near : far, avatarId, mode, asks);
        if (i > 0) results.push(run);
      }
    }
    return report(results);
  } finally {
    await browser.close();
    await far.close();
    await near.close();
    await worker.stop();
    await page.close();
  }
}

async function converse(browser: Browser, host: PageHost, proxy: BrokerProxy, avatarId: string, mode: Mode, asks: number): Promise<Run> {
  const context = await browser.newContext();
  try {
    host.html = pageFor(proxy.url, avatarId, mode);
    proxy.reset();
    const page = await context.newPage();
    await page.goto(`${host.origin}/`);
    await page.waitForFunction(() => document.querySelector('a2e-avatar')?.shadowRoot?.querySelector('video'));
    // A visitor clicks once the page has settled (the avatar list, the poster, any warm-up).
    await page.waitForLoadState('networkidle');
    const measured = await page.evaluate(conversation, { asks, gapMs: 3_500, question: QUESTION });
    const deadline = Date.now() + 10_000;
    while (!proxy.seen.includes('POST /v1/sessions/:id/leave') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    return { mode, ...measured, seen: [...proxy.seen], lateness: [...proxy.lateness] };
  } finally {
    await context.close();
  }
}

/** The README's embed, the element added by script so that "before" can set its test seam first. */
function pageFor(broker: string, avatarId: string, mode: Mode): string {
  const before = mode === 'before';
  const seam = before ? `Avatar.sessionDeps = { ...Avatar.sessionDeps, brokerCalls: 'preflighted', heartbeatWhileBusy: true };` : '';
  const attributes = `server="${broker}" avatar-id="${avatarId}" context="We open at nine."${before ? ' preload="none"' : ''}`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title></head><body>
<script type="module">
  import '${broker}/a2e-avatar.js';
  const Avatar = customElements.get('a2e-avatar');
  ${seam}
  document.body.insertAdjacentHTML('beforeend', '<a2e-avatar ${attributes}></a2e-avatar>');
</script>
</body></html>`;
}

/** Runs in the page: connect(), the asks, hang-up; every time on the page's own clock. */
async function conversation(input: { asks: number; gapMs: number; question: string }): Promise<InPage> {
  type Avatar = HTMLElement & { connect(): Promise<void>; ask(q: string): Promise<void>; disconnect(): Promise<void> };
  const el = document.querySelector('a2e-avatar') as Avatar;
  const video = el.shadowRoot!.querySelector('video')!;
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const within = <T,>(promise: Promise<T>, what: string) =>
    Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no ${what} within 15 s`)), 15_000))]);
  const frame = new Promise<number>((resolve) => video.requestVideoFrameCallback((now) => resolve(now)));
  const t0 = performance.now();
  await el.connect();
  const connected = performance.now() - t0;
  const firstFrame = (await within(frame, 'video frame')) - t0;
  const asks: number[] = [];
  for (let i = 0; i < input.asks; i++) {
    await sleep(input.gapMs);
    // The answer's first words: its caption line appears (it grows as the rest arrives), right
    // after the question's own line.
    const words = new Promise<number>((resolve) => {
      let asked = false;
      const observer = new MutationObserver(() => {
        const last = [...el.shadowRoot!.querySelectorAll('[part~="caption"]')].at(-1);
        if (last?.classList.contains('user')) asked = true;
        else if (asked && last?.classList.contains('avatar')) {
          observer.disconnect();
          resolve(performance.now());
        }
      });
      observer.observe(el.shadowRoot!, { childList: true, subtree: true, characterData: true });
    });
    const asked = performance.now();
    const done = el.ask(input.question);
    asks.push((await within(words, 'answer')) - asked);
    await done;
  }
  await sleep(input.gapMs);
  await el.disconnect();
  const session = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).find(
    (entry) => entry.startTime >= t0 - 1 && new URL(entry.name).pathname === '/v1/sessions',
  );
  return { sessionEnd: session ? session.responseEnd - t0 : Number.NaN, connected, firstFrame, asks };
}

function report(runs: Run[]): BenchResult {
  const of = (mode: Mode) => runs.filter((run) => run.mode === mode);
  const med = (mode: Mode, pick: (run: Run) => number) => median(of(mode).map(pick));
  const count = (run: Run, test: (route: string) => boolean) => run.seen.filter(test).length;
  const preflights = (run: Run) => count(run, (route) => route.startsWith('OPTIONS '));
  const heartbeats = (run: Run) => count(run, (route) => route === 'POST /v1/sessions/:id/heartbeat');
  const firstAsk = (mode: Mode) => med(mode, (r) => r.asks[0] ?? Number.NaN);
  const laterAsks = (mode: Mode) => median(of(mode).flatMap((run) => run.asks.slice(1)));
  const ms = (value: number) => `${fixed(value, 0)} ms`;
  const frameGoal = 2 * RTT_MS + 80;
  const wordsGoal = RTT_MS + 80;
  const after = {
    preflights: med('after', preflights),
    requests: med('after', (r) => r.seen.length),
    frame: med('after', (r) => r.firstFrame),
    words: firstAsk('after'),
  };
  const before = {
    preflights: med('before', preflights),
    requests: med('before', (r) => r.seen.length),
    frame: med('before', (r) => r.firstFrame),
    words: firstAsk('before'),
  };
  const row = (what: string, pick: (mode: Mode) => string) => `| ${what} | ${pick('before')} | ${pick('after')} | ${pick('loopback')} |`;
  // Paired by round (the three modes of a round run back to back), so the machine's drift in
  // load between rounds cancels out of each difference.
  const share = (pick: (run: Run) => number) => {
    const near = of('loopback');
    return median(of('after').flatMap((run, i) => (near[i] ? [pick(run) - pick(near[i])] : [])));
  };
  const late = runs.filter((run) => run.mode !== 'loopback').flatMap((run) => run.lateness);
  const sample = (mode: Mode) => tally(of(mode)[0]?.seen ?? []);
  const routes = [...new Set([...Object.keys(sample('before')), ...Object.keys(sample('after'))])].sort();
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
    `**loopback** is "after" through a proxy that delays nothing: the time the machine itself takes, so that`,
    `"after" minus "loopback" is what the ${RTT_MS} ms round trips cost. All three take turns in one process;`,
    `${of('after').length} runs each after a warm-up round; medians. "First words": from the \`ask()\` call to the`,
    "answer's caption line appearing (it grows as the room's QA stream brings the rest; the simulator, like A2E,",
    `starts an utterance a render lead after it has it). Goals: connect → first frame ≤ 2 RTT + 80 ms (${frameGoal} ms: the session request and the room`,
    `socket's handshake are the physical minimum); first words one round trip after the ask, read as ≤ 1 RTT +`,
    `the same 80 ms for work (${wordsGoal} ms).`,
    '',
    `| per conversation (page load to hang-up) | before, ${RTT_MS} ms | after, ${RTT_MS} ms | after, loopback |`,
    '| --- | --- | --- | --- |',
    row('CORS preflights (OPTIONS at the broker)', (m) => fixed(med(m, preflights), 0)),
    row('requests to the broker (HTTP and WebSocket)', (m) => fixed(med(m, (r) => r.seen.length), 0)),
    row('of which heartbeats', (m) => fixed(med(m, heartbeats), 0)),
    row('`connect()` → session reply', (m) => ms(med(m, (r) => r.sessionEnd))),
    row('`connect()` → `connected`', (m) => ms(med(m, (r) => r.connected))),
    row('`connect()` → first video frame', (m) => ms(med(m, (r) => r.firstFrame))),
    row('`ask()` → first words, first ask', (m) => ms(firstAsk(m))),
    row('`ask()` → first words, later asks', (m) => ms(laterAsks(m))),
    '',
    `What the round trips cost ("after" minus "loopback", the median of each round's difference): connect → first frame ${ms(share((r) => r.firstFrame))}`,
    `(the goal's physical part is 2 RTT, ${2 * RTT_MS} ms), first words of the first ask ${ms(share((r) => r.asks[0] ?? Number.NaN))} (1 RTT is ${RTT_MS} ms).`,
    `The rest is the machine's own work, measured on loopback: ${ms(med('loopback', (r) => r.firstFrame))} to the first frame (the goal allows 80 ms) and`,
    `${ms(firstAsk('loopback'))} to the first words, ${START_LEAD_MS} ms of it the simulated A2E's render lead (utterance-timing.ts).`,
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
        measured: `${ms(after.frame)} (before: ${ms(before.frame)}; round trips' share ${ms(share((r) => r.firstFrame))})`,
        met: after.frame <= frameGoal,
      },
      {
        what: `\`ask()\` to first words (first ask), cross-origin page, ${RTT_MS} ms RTT`,
        goal: `≤ 1 RTT + 80 ms (${wordsGoal} ms)`,
        measured: `${ms(after.words)} (before: ${ms(before.words)}; round trips' share ${ms(share((r) => r.asks[0] ?? Number.NaN))}; every figure holds the simulated A2E's ${START_LEAD_MS} ms render lead)`,
        met: after.words <= wordsGoal,
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
