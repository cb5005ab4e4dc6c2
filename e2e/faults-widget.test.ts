import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { launchChromium } from './browser';
import { startWorker, type RunningWorker } from './worker-server';
import { callElement, channelOf, eventLog, startWidgetHost, waitForState, type WidgetHost } from './load/widget-host';
import { firstAvatarId, simStats, waitForStats } from './load/visitor';

/**
 * The widget in Chromium while the simulator misbehaves: it reconnects after its room socket
 * drops, reports failed commands with `a2e-error` and stays usable, ends with `a2e-error` when a
 * session cannot start, and never hangs in `connecting`. Nothing it started stays open.
 */
const UPSTREAM_TIMEOUT_MS = 1_500;

describe('the widget under upstream faults', () => {
  let worker: RunningWorker;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let avatarId: string;
  let host: WidgetHost;
  const broker = () => ({ url: worker.url, origin: host.origin });

  beforeAll(async () => {
    host = await startWidgetHost();
    worker = await startWorker({
      SESSION_SECRET: 'faults-widget-session-secret',
      ALLOWED_ORIGINS: host.origin,
      UPSTREAM_TIMEOUT_MS: String(UPSTREAM_TIMEOUT_MS),
    });
    browser = await launchChromium();
    avatarId = await firstAvatarId(broker());
  });
  afterAll(async () => {
    await browser?.close();
    await worker?.stop();
    await host?.close();
  });
  beforeEach(async () => {
    context = await browser.newContext();
    page = await host.open(context, worker.url, avatarId);
  });
  afterEach(async () => {
    await clearFaults();
    if (!page.isClosed()) await callElement(page, 'disconnect');
    await context?.close();
  });

  const faults = async (body: unknown) => {
    const res = await fetch(`${worker.url}/sim/faults`, { method: 'POST', body: JSON.stringify(body) });
    expect(res.status, await res.text()).toBe(200);
  };
  const clearFaults = () => fetch(`${worker.url}/sim/faults`, { method: 'DELETE' });

  it('reconnects by itself when the room socket drops', async () => {
    const channel = channelOf(page);
    expect(await callElement(page, 'connect')).toEqual({ ok: true });
    const drop = await fetch(`${worker.url}/sim/rooms/${encodeURIComponent(await channel)}/drop`, { method: 'POST' });
    expect(drop.status).toBe(200);
    // The log, not the current state: the whole reconnect may be over before a poll sees it.
    await page.waitForFunction(() => {
      const states = (window as unknown as { a2eLog: { type: string; state?: string }[] }).a2eLog.filter((e) => e.type === 'state');
      return states.at(-1)?.state === 'connected' && states.some((e) => e.state === 'reconnecting');
    }, undefined, { timeout: 30_000 });
    const states = (await eventLog(page)).filter((e) => e.type === 'state').map((e) => e.state);
    expect(states.slice(states.indexOf('reconnecting'))).toEqual(['reconnecting', 'connected']);
    // And it still talks.
    expect(await callElement(page, 'speak', 'Back again.')).toEqual({ ok: true });
  });

  it('reports speaks that fail upstream with a2e-error and stays connected', async () => {
    expect(await callElement(page, 'connect')).toEqual({ ok: true });
    await faults({ fail5xx: 1, timeout: 1, malformed: 1 });
    const outcomes = [];
    for (const text of ['One.', 'Two.', 'Three.']) outcomes.push(await callElement(page, 'speak', text));
    expect(outcomes.every((outcome) => !outcome.ok)).toBe(true);
    const errors = (await eventLog(page)).filter((e) => e.type === 'error').map((e) => e.code);
    expect(errors.sort()).toEqual(['upstream_error', 'upstream_error', 'upstream_timeout']);
    expect(await page.evaluate(() => (document.querySelector('a2e-avatar') as unknown as { state: string }).state)).toBe('connected');
    await clearFaults();
    expect(await callElement(page, 'speak', 'Four.')).toEqual({ ok: true });
  });

  it.each([
    { name: 'times out', switches: { timeout: 1 }, code: 'upstream_timeout' },
    { name: 'answers 5xx', switches: { fail5xx: 1 }, code: 'upstream_error' },
    { name: 'answers garbage', switches: { malformed: 1 }, code: 'upstream_error' },
  ])('ends with a2e-error, not a hang, when starting a session $name', async ({ switches, code }) => {
    const before = (await simStats(broker())).openChannels;
    await faults(switches);
    const outcome = await callElement(page, 'connect');
    expect(outcome).toMatchObject({ ok: false, code });
    expect(await waitForState(page, 'error')).toBe('error');
    const errors = (await eventLog(page)).filter((e) => e.type === 'error');
    expect(errors.map((e) => e.code)).toContain(code);
    expect((await simStats(broker())).openChannels).toBe(before);
  });

  it('leaves nothing open when its tab closes after all that', async () => {
    expect(await callElement(page, 'connect')).toEqual({ ok: true });
    expect((await simStats(broker())).openChannels).toBe(1);
    // No disconnect(): closing the tab must end the session (the pagehide beacon).
    await page.close();
    const after = await waitForStats(broker(), (stats) => stats.openChannels === 0, 15_000);
    expect(after.openChannels).toBe(0);
  });
});
