import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { callElement } from './load/widget-host';
import { useProxiedWidgetRig } from './support/proxied-widget-rig';

/**
 * The `preload` attribute in Chromium, against a running Worker: the transport's code is fetched
 * ahead of `connect()` (when the element first comes into view, or when the pointer reaches it),
 * and nothing else is: no session, nothing billed. What reaches the Worker is counted by a proxy.
 */
describe('<a2e-avatar preload>', () => {
  const rig = useProxiedWidgetRig({ SESSION_SECRET: 'preload-secret' });

  const transportLoads = () => rig.proxy.seen.filter((route) => route === 'GET /transports/*').length;
  const sessions = () => rig.proxy.seen.filter((route) => route.startsWith('POST /v1/sessions'));

  async function open(attributes: string): Promise<Page> {
    const context = await rig.newContext({ viewport: { width: 800, height: 600 } });
    const page = await rig.host.open(context, rig.proxy.url, rig.avatarId, attributes);
    await page.waitForLoadState('networkidle');
    return page;
  }

  /**
   * Waits until the transport's whole module graph is in (its first file fetched is not enough: it
   * imports more). Importing the same URL shares the page's module map, so it fetches nothing new.
   */
  async function codeLoaded(page: Page): Promise<void> {
    const first = await page.waitForFunction(
      () => performance.getEntriesByType('resource').find((entry) => new URL(entry.name).pathname.startsWith('/transports/'))?.name,
    );
    // As a string: vitest would rewrite an import() inside a function it serialises.
    await page.evaluate(`import(${JSON.stringify(await first.jsonValue())}).then(() => true)`);
  }

  it('visible (the default): fetches the code once the element scrolls into view, and starts no session', async () => {
    const page = await open('style="display:block; margin-top: 2000px"');
    expect(transportLoads()).toBe(0);
    await page.locator('a2e-avatar').scrollIntoViewIfNeeded();
    await expect.poll(transportLoads, { timeout: 15_000 }).toBeGreaterThan(0);
    await codeLoaded(page);
    expect(sessions()).toEqual([]);
    // connect() then needs no more code: the session and the room are all that is left.
    const before = transportLoads();
    expect(await callElement(page, 'connect')).toEqual({ ok: true });
    expect(transportLoads()).toBe(before);
    expect(sessions()).toEqual(['POST /v1/sessions']);
    await callElement(page, 'disconnect');
  });

  it('intent: fetches the code when the pointer reaches the element, not before', async () => {
    const page = await open('preload="intent"');
    expect(transportLoads()).toBe(0);
    await page.locator('a2e-avatar').locator('[part~="connect-button"]').hover();
    await expect.poll(transportLoads, { timeout: 15_000 }).toBeGreaterThan(0);
    expect(sessions()).toEqual([]);
  });

  it('none: fetches nothing before connect()', async () => {
    const page = await open('preload="none"');
    await page.locator('a2e-avatar').locator('[part~="connect-button"]').hover();
    await page.waitForLoadState('networkidle');
    expect(transportLoads()).toBe(0);
    expect(await callElement(page, 'connect')).toEqual({ ok: true });
    expect(transportLoads()).toBeGreaterThan(0);
    await callElement(page, 'disconnect');
  });
});
