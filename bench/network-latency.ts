import { chromium, type Browser } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../e2e/chromium.ts';
import { startBrokerProxy, type BrokerProxy } from '../e2e/broker-proxy.ts';
import { startWorker } from '../e2e/worker-server.ts';
import { firstAvatarId } from '../e2e/load/visitor.ts';
import { startPageHost, type PageHost } from './lib/page-host.ts';
import { installSocketProbe, runConversation } from './lib/network-conversation.ts';
import type { BenchResult } from './lib/result.ts';
import { reportNetwork, type Mode, type Run } from './network-report.ts';

/**
 * One conversation from a customer's page on another site, with the broker 100 ms away: a proxy
 * in front of the Worker delays every request and every WebSocket frame by half a round trip each
 * way, and counts what reaches the broker. The widgets take turns in one run: "before", the
 * widget's network behaviour before issue 16 (ticket in the Authorization header, JSON labelled
 * application/json, PUT for the context, a heartbeat on its schedule however busy the
 * conversation, no code warm-up), kept in the widget as a test seam for this comparison; "after",
 * the widget as it ships; "after, no render lead", the same against a simulator that starts
 * speaking at once (SIM_RENDER_LEAD_MS=0: the lead stands in for A2E's render time, which A2E
 * documents none of); "loopback", that again with no delay, the machine's own share; and
 * "traced", "after, no render lead" with wrangler dev's local tracing left on (see UNTRACED).
 */
const RTT_MS = 100;
/** A short idle limit makes the heartbeat come every 3 s, so a 15 s conversation shows what it costs. */
const IDLE_SECONDS = 9;
const QUESTION = 'When do you open?';
const MODES: readonly Mode[] = ['before', 'after', 'bare', 'loopback', 'traced'];
/**
 * wrangler dev traces every invocation by default, at a cost per request and per Durable Object
 * call that a deployed Worker does not pay (bench/broker-cost.ts measures it): the Workers run
 * with it off, and "traced" is "after, no lead" on one with wrangler's default, to show what it adds.
 */
const UNTRACED = { X_LOCAL_OBSERVABILITY: 'false' };

export async function measureNetwork({ runs, asks }: { runs: number; asks: number }): Promise<BenchResult> {
  const page = await startPageHost();
  const vars = { ALLOWED_ORIGINS: page.origin, SESSION_SECRET: 'bench-network-secret', SESSION_IDLE_SECONDS: String(IDLE_SECONDS) };
  const worker = await startWorker(vars, UNTRACED);
  const bareWorker = await startWorker({ ...vars, SIM_RENDER_LEAD_MS: '0' }, UNTRACED);
  const tracedWorker = await startWorker({ ...vars, SIM_RENDER_LEAD_MS: '0' });
  const proxies: Record<Mode, BrokerProxy> = {
    before: await startBrokerProxy(worker.url, RTT_MS),
    after: await startBrokerProxy(worker.url, RTT_MS),
    bare: await startBrokerProxy(bareWorker.url, RTT_MS),
    loopback: await startBrokerProxy(bareWorker.url, 0),
    traced: await startBrokerProxy(tracedWorker.url, RTT_MS),
  };
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true });
  try {
    const avatarId = await firstAvatarId({ url: worker.url, origin: page.origin });
    const results: Run[] = [];
    // A warm-up round first (each Worker compiles its code and the simulator its state on first
    // use); then the modes take turns in a rotating order, so none always runs on a warmer machine.
    for (let i = 0; i <= runs; i++) {
      for (let k = 0; k < MODES.length; k++) {
        const mode = MODES[(i + k) % MODES.length]!;
        const run = await converse(browser, page, proxies[mode], avatarId, mode, asks);
        if (i > 0) results.push({ ...run, round: i });
      }
    }
    return reportNetwork(results, { rttMs: RTT_MS, idleSeconds: IDLE_SECONDS });
  } finally {
    await browser.close();
    for (const proxy of Object.values(proxies)) await proxy.close();
    await worker.stop();
    await bareWorker.stop();
    await tracedWorker.stop();
    await page.close();
  }
}

async function converse(browser: Browser, host: PageHost, proxy: BrokerProxy, avatarId: string, mode: Mode, asks: number): Promise<Omit<Run, 'round'>> {
  const context = await browser.newContext();
  try {
    await context.addInitScript(installSocketProbe);
    host.html = pageFor(proxy.url, avatarId, mode);
    proxy.reset();
    const page = await context.newPage();
    await page.goto(`${host.origin}/`);
    await page.waitForFunction(() => document.querySelector('a2e-avatar')?.shadowRoot?.querySelector('video'));
    // A visitor clicks once the page has settled (the avatar list, the poster, any warm-up).
    await page.waitForLoadState('networkidle');
    const measured = await page.evaluate(runConversation, { asks, gapMs: 3_500, question: QUESTION }).catch((err: unknown) => {
      throw new Error(`the "${mode}" conversation failed: ${err instanceof Error ? err.message : String(err)}`);
    });
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
