import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../e2e/chromium.ts';
import { startWorker, type RunningWorker } from '../e2e/worker-server.ts';
import { firstAvatarId } from '../e2e/load/visitor.ts';
import { startPageHost, type PageHost } from './lib/page-host.ts';
import type { BenchResult } from './lib/result.ts';
import { fixed, median } from './lib/stats.ts';

/**
 * The `preload` attribute on a slow link: how long after the visitor's click the Agora transport
 * and SDK (live mode's long pole) are loaded, with `preload` none, intent and visible. The page
 * is on its own site and serves the package's built files gzipped, as a CDN would; Chromium's
 * DevTools emulation makes the link WebPageTest's "3G Slow" (400 ms RTT, 400 kbit/s each way),
 * which throttles a download's bytes faithfully. The Worker runs on its simulator, whose sessions
 * need no Agora: its avatar list is rewritten to name Agora, so the element warms (and connect()
 * fetches) that chunk exactly as in live mode, while the session itself stays the simulator's.
 */
const PROFILE = { latency: 400, downloadThroughput: 50_000, uploadThroughput: 50_000 } as const;
/** A visitor reads the page this long before clicking connect. */
const READ_MS = 3_000;
/** With `intent`, the pointer reaches the button this long before the click. */
const HOVER_LEAD_MS = 600;
const POLICIES = ['none', 'intent', 'visible'] as const;
type Policy = (typeof POLICIES)[number];

interface Run {
  policy: Policy;
  /** From the click to the SDK chunk's last byte; negative: it was there before the click. */
  readyAfterClick: number;
  /** From navigation start to the SDK chunk's last byte. */
  readyAfterNavigation: number;
  transferBytes: number;
}

const widgetDir = fileURLToPath(new URL('../dist/widget', import.meta.url));

export async function measureWarmUp({ runs }: { runs: number }): Promise<BenchResult> {
  const host = await startPageHost({ staticDir: widgetDir });
  const worker = await startWorker({ ALLOWED_ORIGINS: host.origin, SESSION_SECRET: 'bench-warm-up-secret' });
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true });
  try {
    const avatarId = await firstAvatarId({ url: worker.url, origin: host.origin });
    const results: Run[] = [];
    for (let i = 0; i < runs; i++) {
      // Rotate the order, so no policy always runs first on a cold machine.
      for (let k = 0; k < POLICIES.length; k++) results.push(await visit(browser, host, worker, avatarId, POLICIES[(i + k) % POLICIES.length]!));
    }
    return report(results);
  } finally {
    await browser.close();
    await worker.stop();
    await host.close();
  }
}

async function visit(browser: Browser, host: PageHost, worker: RunningWorker, avatarId: string, policy: Policy): Promise<Run> {
  const context = await browser.newContext();
  try {
    host.html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title>
<script type="module" src="/a2e-avatar.js"></script></head><body>
<h1>Our shop</h1><a2e-avatar server="${worker.url}" avatar-id="${avatarId}" preload="${policy}"></a2e-avatar>
</body></html>`;
    const page = await context.newPage();
    await forceAgora(page, worker.url);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, ...PROFILE });
    await page.goto(`${host.origin}/`, { waitUntil: 'load' });
    await page.evaluate(() => {
      (window as unknown as { clickedAt: number }).clickedAt = Number.NaN;
      document.addEventListener('pointerdown', () => ((window as unknown as { clickedAt: number }).clickedAt = performance.now()), { capture: true });
    });
    const button = page.locator('a2e-avatar').locator('[part~="connect-button"]');
    await button.waitFor();
    const box = (await button.boundingBox())!;
    await page.waitForTimeout(READ_MS - (policy === 'intent' ? HOVER_LEAD_MS : 0));
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    if (policy === 'intent') await page.waitForTimeout(HOVER_LEAD_MS);
    await page.mouse.down();
    await page.mouse.up();
    const chunk = await page.waitForFunction(
      () => {
        const entry = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).find((e) => /\/transports\/AgoraRTC[^/]*\.js$/.test(e.name));
        const clickedAt = (window as unknown as { clickedAt: number }).clickedAt;
        return entry && entry.responseEnd > 0 ? { end: entry.responseEnd, bytes: entry.transferSize, clickedAt } : false;
      },
      undefined,
      { timeout: 120_000, polling: 100 },
    );
    const { end, bytes, clickedAt } = (await chunk.jsonValue()) as { end: number; bytes: number; clickedAt: number };
    await page.evaluate(() => (document.querySelector('a2e-avatar') as unknown as { disconnect(): Promise<void> }).disconnect());
    return { policy, readyAfterClick: end - clickedAt, readyAfterNavigation: end, transferBytes: bytes };
  } finally {
    await context.close();
  }
}

/** The simulator's avatar list says `simulator`; make it say `agora`, as a live broker's does. */
async function forceAgora(page: Page, server: string): Promise<void> {
  await page.route(`${server}/v1/avatars`, async (route) => {
    const response = await route.fetch();
    const body = (await response.json()) as { transport: string };
    await route.fulfill({ response, json: { ...body, transport: 'agora' } });
  });
}

function report(runs: Run[]): BenchResult {
  const of = (policy: Policy) => runs.filter((run) => run.policy === policy);
  const med = (policy: Policy, pick: (run: Run) => number) => median(of(policy).map(pick));
  const wait = (policy: Policy) => Math.max(0, med(policy, (r) => r.readyAfterClick));
  const s = (ms: number) => `${fixed(ms / 1000, 1)} s`;
  const kb = med('none', (r) => r.transferBytes) / 1024;
  const details = [
    `A page on its own site loads \`<a2e-avatar>\` (the package's files, gzipped) over an emulated "3G Slow" link`,
    `(${PROFILE.latency} ms RTT, ${(PROFILE.downloadThroughput * 8) / 1000} kbit/s down and up, Chromium DevTools network emulation), and the`,
    `visitor clicks connect ${READ_MS / 1000} s after the page's load event${' '}(with \`intent\`, the pointer reaches the button ${HOVER_LEAD_MS} ms before).`,
    'The Worker runs on its simulator; its avatar list is rewritten to name the Agora transport, so the element',
    'warms the Agora chunk as in live mode and `connect()` fetches it in parallel with the session, as it does there.',
    `The SDK chunk is ${fixed(kb, 0)} KB on the wire. "Ready" is its Resource Timing \`responseEnd\`. ${of('none').length} runs per policy; medians.`,
    '',
    '| `preload` | chunk loaded, after navigation | wait after the click |',
    '| --- | --- | --- |',
    ...POLICIES.map((policy) => `| \`${policy}\` | ${s(med(policy, (r) => r.readyAfterNavigation))} | ${s(wait(policy))} |`),
    '',
    '`visible` starts in the first idle moment after the element is seen, so a visitor who reads the page for',
    `longer than the download (here about ${s(med('visible', (r) => r.readyAfterNavigation))}) finds it loaded; one who clicks sooner waits for the rest.`,
    '`intent` gains what the pointer\'s lead buys. Neither starts a session or calls anything billed.',
  ];
  return {
    rows: [
      {
        what: 'Click to Agora chunk loaded, "3G Slow", `preload=visible` (default)',
        goal: 'shorter than `preload=none`',
        measured: `${s(wait('visible'))} (intent: ${s(wait('intent'))}, none: ${s(wait('none'))})`,
        met: wait('visible') < wait('none'),
      },
    ],
    details: details.join('\n'),
  };
}
