import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AvatarsReply } from '../protocol/broker-api';
import { collectPageErrors, launchChromium } from './browser';
import { distinctFrames, speakStatus, watchSessions } from './demo-helpers';
import { startWorker, type RunningWorker } from './worker-server';

interface Logged {
  type: string;
  state?: string;
  role?: string;
  text?: string;
}

/** The sample shop at /support/ with its `<a2e-support>` launcher, against a Worker on the simulator. */
describe('the customer-support widget', () => {
  let worker: RunningWorker;
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    [worker, browser] = await Promise.all([startWorker(), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await worker?.stop();
  });
  afterEach(async () => {
    await context?.close();
  });

  async function open(viewport = { width: 1280, height: 800 }) {
    context = await browser.newContext({ viewport });
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    const sessions = watchSessions(page, worker.url);
    const requested: string[] = [];
    page.on('request', (req) => requested.push(new URL(req.url()).pathname));
    // Everything the avatar tells the page, which reaches the document through both shadow roots.
    await page.addInitScript(() => {
      const log: unknown[] = ((window as unknown as { a2eLog: unknown[] }).a2eLog = []);
      for (const type of ['a2e-state-change', 'a2e-transcript', 'a2e-error', 'a2e-support-toggle']) {
        document.addEventListener(type, (e) => log.push({ type, ...(e as CustomEvent).detail }));
      }
    });
    await page.goto(`${worker.url}/support/`);
    await page.waitForFunction(() => customElements.get('a2e-support') !== undefined);
    return { page, errors, sessions, requested };
  }

  const panel = (page: Page) => page.locator('a2e-support [part~="panel"]');
  const avatar = (page: Page) => page.locator('a2e-support a2e-avatar');
  const log = (page: Page) => page.evaluate(() => (window as unknown as { a2eLog: Logged[] }).a2eLog);
  const connected = (page: Page) =>
    expect.poll(() => avatar(page).evaluate((el) => (el as HTMLElement & { state: string }).state), { timeout: 30_000 }).toBe('connected');
  const avatarSaid = (page: Page, fragment: string) =>
    page.waitForFunction(
      (text) => (window as unknown as { a2eLog: Logged[] }).a2eLog.some((e) => e.type === 'a2e-transcript' && e.role === 'avatar' && e.text?.includes(text)),
      fragment,
      { timeout: 20_000 },
    );

  it('starts nothing until opened; then talks, answers from the FAQ, and ends the session when closed', async () => {
    const { page, errors, sessions, requested } = await open();
    await page.waitForTimeout(1_000);
    // Closed: one small script, no avatar element code, no session.
    expect(requested).toContain('/a2e-support.js');
    expect(requested).not.toContain('/a2e-avatar.js');
    expect(sessions).toEqual([]);
    expect(await panel(page).isHidden()).toBe(true);

    await page.locator('a2e-support [part~="launcher"]').click();
    expect(await panel(page).isVisible()).toBe(true);
    await connected(page);
    await expect.poll(() => sessions.length, { timeout: 15_000 }).toBe(1);
    const session = sessions[0]!;
    await avatarSaid(page, "Harbor and Pine assistant");

    // A visitor types into the panel's chat box; the avatar answers from the site's FAQ.
    const input = avatar(page).locator('[part~="input"]');
    await input.fill('How long do I have to return something?');
    const frames = await distinctFrames(avatar(page), () => input.press('Enter'));
    expect(frames.width).toBeGreaterThan(0);
    expect(frames.distinct).toBeGreaterThanOrEqual(2);
    await avatarSaid(page, '30 days');
    await expect.poll(() => avatar(page).locator('[part~="captions"]').textContent(), { timeout: 15_000 }).toContain('30 days');

    // A floating panel on a desktop, not a full-screen one.
    const box = (await panel(page).boundingBox())!;
    expect(box.width).toBeLessThan(500);
    expect(box.x + box.width).toBeLessThanOrEqual(1280);

    expect(await speakStatus(worker.url, session, worker.url)).toEqual({ status: 200 });
    await page.locator('a2e-support [part~="close-button"]').click();
    expect(await panel(page).isHidden()).toBe(true);
    expect(await page.locator('a2e-support a2e-avatar').count()).toBe(0);
    await expect.poll(() => speakStatus(worker.url, session, worker.url), { timeout: 10_000 }).toEqual({ status: 409, code: 'session_ended' });
    expect((await log(page)).filter((e) => e.type === 'a2e-support-toggle').map((e) => (e as { open?: boolean }).open)).toEqual([true, false]);
    expect((await log(page)).filter((e) => e.type === 'a2e-error')).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('keeps its open or closed state across page loads', async () => {
    const { page, errors, sessions } = await open();
    await page.locator('a2e-support [part~="launcher"]').click();
    await connected(page);
    await expect.poll(() => sessions.length, { timeout: 15_000 }).toBe(1);

    // Open stays open on the next page, with a fresh session; the old page's session ended as it unloaded.
    await page.reload();
    expect(await panel(page).isVisible()).toBe(true);
    await connected(page);
    await expect.poll(() => sessions.length, { timeout: 15_000 }).toBe(2);
    await expect.poll(() => speakStatus(worker.url, sessions[0]!, worker.url), { timeout: 10_000 }).toEqual({ status: 409, code: 'session_ended' });
    // A restored panel does not greet again.
    await page.waitForTimeout(1_500);
    expect((await log(page)).filter((e) => e.type === 'a2e-transcript')).toEqual([]);

    // Closed stays closed, and starts nothing.
    await page.locator('a2e-support [part~="close-button"]').click();
    await page.reload();
    await page.waitForTimeout(1_500);
    expect(await panel(page).isHidden()).toBe(true);
    expect(sessions).toHaveLength(2);
    expect(errors).toEqual([]);
  });

  it.each([320, 375, 480])('takes the whole screen on a %i px wide phone', async (width) => {
    const height = 640;
    const { page, errors } = await open({ width, height });
    const launcher = page.locator('a2e-support [part~="launcher"]');
    await launcher.click();
    await connected(page);
    // Where the panel comes to rest: its opening animation overshoots, and on a busy machine it can still be
    // running when the avatar has connected.
    await expect.poll(() => panel(page).boundingBox(), { timeout: 5_000 }).toEqual({ x: 0, y: 0, width, height });
    expect(await launcher.isHidden()).toBe(true);
    // The chat box fits on screen.
    const input = (await avatar(page).locator('[part~="input"]').boundingBox())!;
    expect(input.x).toBeGreaterThanOrEqual(0);
    expect(input.x + input.width).toBeLessThanOrEqual(width);
    expect(input.y + input.height).toBeLessThanOrEqual(height);
    await page.locator('a2e-support [part~="close-button"]').click();
    expect(await launcher.isVisible()).toBe(true);
    expect(errors).toEqual([]);
  });

  it('embeds on another site with one script tag and one element, passing its voice settings on to the avatar', async () => {
    const catalogue = (await (await fetch(`${worker.url}/v1/avatars`)).json()) as AvatarsReply;
    const chosen = catalogue.avatars[1]!;
    const origin = 'http://localhost:8862';
    context = await browser.newContext();
    // Chromium asks before a page reaches a loopback server; a deployed broker is public, and needs no such grant.
    await context.grantPermissions(['local-network-access']);
    await context.route(`${origin}/`, (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<!doctype html><body><h1>Another shop</h1>
<script src="${worker.url}/a2e-support.js" defer></script>
<a2e-support server="${worker.url}" avatar-id="${chosen.id}" context="The shop opens at nine." voice="hands-free" barge-in></a2e-support></body>`,
      }),
    );
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${origin}/`);
    await page.locator('a2e-support [part~="launcher"]').click();
    await connected(page);
    expect(await avatar(page).getAttribute('avatar-id')).toBe(chosen.id);
    expect(await avatar(page).getAttribute('voice')).toBe('hands-free');
    expect(await avatar(page).getAttribute('barge-in')).toBe('');
    // Chromium recognises speech itself: the avatar's own microphone shows in the panel.
    await avatar(page).locator('[part~="mic-button"]').waitFor({ timeout: 10_000 });
    await expect.poll(() => page.locator('a2e-support [part~="face"]').getAttribute('src'), { timeout: 15_000 }).toBe(new URL(chosen.previewImageUrl!, worker.url).href);
    await page.locator('a2e-support [part~="close-button"]').click();
    expect(errors).toEqual([]);
  });
});
