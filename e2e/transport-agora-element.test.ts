import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AvatarsReply } from '../protocol/broker-api';
import { collectPageErrors, launchChromium } from './browser';
import { startWorker, type RunningWorker } from './worker-server';

/**
 * `<a2e-avatar>` on the real Agora path with no network: a broker in live mode whose "A2E" is a
 * second Worker running the simulator (reached through its admin proxy, exactly as a broker
 * reaches A2E), so the session reply says `agora` and the element loads the real SDK. Agora is
 * unreachable here, so connect() must end in `a2e-error` (`join_timeout`) at the join bound,
 * with the retry button offered, instead of the SDK's minutes of silent retries.
 */
const UPSTREAM_KEY = 'e2e-upstream-key';

describe('<a2e-avatar> with the real Agora SDK and no network', () => {
  let upstream: RunningWorker;
  let broker: RunningWorker;
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    upstream = await startWorker({ ADMIN_TOKEN: UPSTREAM_KEY });
    [broker, browser] = await Promise.all([
      startWorker({ A2E_API_KEY: UPSTREAM_KEY, A2E_BASE_URL: upstream.url, SESSION_SECRET: 'e2e-agora-secret' }),
      launchChromium(),
    ]);
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await broker?.stop();
    await upstream?.stop();
  });

  it('ends connect() in a2e-error join_timeout within the bound and offers retry', async () => {
    const catalogue = (await (await fetch(`${broker.url}/v1/avatars`)).json()) as AvatarsReply;
    expect(catalogue.transport).toBe('agora');
    context = await browser.newContext();
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    const requested: string[] = [];
    page.on('request', (request) => requested.push(new URL(request.url()).pathname));
    // A page on the broker's own origin (always allowed), with the widget's classic script as the README shows it.
    await page.goto(`${broker.url}/health`);
    await page.addScriptTag({ url: `${broker.url}/a2e-avatar.global.js` });
    await page.evaluate((avatarId) => {
      const log: unknown[] = [];
      (window as unknown as { a2eLog: unknown[] }).a2eLog = log;
      for (const type of ['a2e-state-change', 'a2e-error']) document.addEventListener(type, (e) => log.push({ type, ...(e as CustomEvent).detail }));
      const element = document.createElement('a2e-avatar');
      element.setAttribute('server', location.origin);
      element.setAttribute('avatar-id', avatarId);
      element.setAttribute('join-timeout', '4000');
      document.body.append(element);
      return element.updateComplete;
    }, catalogue.avatars[0]!.id);

    await page.locator('a2e-avatar').locator('[part~="connect-button"]').click();
    await page.waitForFunction(() => document.querySelector('a2e-avatar')!.state === 'error', null, { timeout: 30_000 });

    const log = await page.evaluate(() => (window as unknown as { a2eLog: Record<string, string>[] }).a2eLog);
    expect(log.filter((entry) => entry.type === 'a2e-error')).toEqual([
      expect.objectContaining({ type: 'a2e-error', code: 'join_timeout', message: expect.stringMatching(/network/i) }),
    ]);
    expect(log.filter((entry) => entry.type === 'a2e-state-change').map((entry) => entry.state)).toEqual(['connecting', 'error']);
    await expect.poll(() => page.locator('a2e-avatar').locator('[part~="retry-button"]').isVisible()).toBe(true);
    // The real SDK (its own chunk) was what tried to join.
    expect(requested).toContain('/transports/agora-transport.js');
    expect(requested.some((path) => /AgoraRTC/.test(path))).toBe(true);
    expect(errors).toEqual([]);
  });
});
