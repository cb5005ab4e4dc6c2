import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AvatarsReply } from '../protocol/broker-api';
import { collectPageErrors, launchChromium } from './browser';
import { distinctFrames, speakStatus, watchSessions } from './demo-helpers';
import { startWorker, type RunningWorker } from './worker-server';

/** The playground at / of a Worker started like `npm start` starts it, on the simulator. */
describe('the demo page', () => {
  let worker: RunningWorker;
  let browser: Browser;
  let catalogue: AvatarsReply;
  let context: BrowserContext;

  beforeAll(async () => {
    [worker, browser] = await Promise.all([startWorker(), launchChromium()]);
    catalogue = (await (await fetch(`${worker.url}/v1/avatars`)).json()) as AvatarsReply;
  });
  afterAll(async () => {
    await browser?.close();
    await worker?.stop();
  });
  afterEach(async () => {
    await context?.close();
  });

  async function open(): Promise<{ page: Page; errors: Error[] }> {
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: worker.url });
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${worker.url}/`);
    return { page, errors };
  }

  const avatar = (page: Page) => page.locator('#stage-video a2e-avatar');
  const stateIs = (page: Page, state: string) => page.locator(`#state-pill[data-state="${state}"]`).waitFor({ timeout: 30_000 });

  it('lists the avatars with previews and tells the broker runs on the simulator', async () => {
    const { page, errors } = await open();
    const tiles = page.locator('#avatar-grid .avatar-tile');
    await expect.poll(() => tiles.count(), { timeout: 15_000 }).toBe(catalogue.avatars.length);
    expect(await tiles.locator('.name').allTextContents()).toEqual(catalogue.avatars.map((a) => a.name));
    // The previews really load (the simulator serves them), rather than falling back to initials.
    await expect
      .poll(() => tiles.locator('img').evaluateAll((imgs) => imgs.filter((img) => (img as HTMLImageElement).naturalWidth > 0).length))
      .toBe(catalogue.avatars.filter((a) => a.previewImageUrl).length);
    await expect.poll(() => page.locator('#mode-text').textContent(), { timeout: 15_000 }).toBe('Simulator');
    expect(await tiles.first().getAttribute('aria-checked')).toBe('true');
    expect(errors).toEqual([]);
  });

  it('connects, shows changing frames, answers from the context, speaks verbatim, interrupts and hangs up', async () => {
    const { page, errors } = await open();
    const sessions = watchSessions(page, worker.url);
    await avatar(page).locator('[part~="connect-button"]').click();
    await stateIs(page, 'connected');
    await expect.poll(() => sessions.length, { timeout: 15_000 }).toBe(1);
    const session = sessions[0]!;

    // Readouts: connect-to-first-frame and the session clock are measured, not dashes.
    await expect.poll(() => page.locator('#m-first-frame').textContent(), { timeout: 15_000 }).toMatch(/^\d+(\.\d+)? m?s$/);
    await expect.poll(() => page.locator('#m-time-left').textContent(), { timeout: 15_000 }).toMatch(/^\d+:\d\d$/);

    // Ask mode (the default): the answer comes from the sample FAQ in the Knowledge box.
    await page.locator('#composer-input').fill('How long do I have to return something?');
    const frames = await distinctFrames(avatar(page), () => page.locator('#send-btn').click());
    expect(frames.width).toBeGreaterThan(0);
    expect(frames.distinct).toBeGreaterThanOrEqual(2);
    await expect(page.locator('#messages .msg.user').last().textContent()).resolves.toBe('How long do I have to return something?');
    await page.locator('#messages .msg.avatar', { hasText: '30 days' }).waitFor({ timeout: 20_000 });
    await expect.poll(() => page.locator('#m-last-rtt').textContent(), { timeout: 15_000 }).toMatch(/^ask\d+(\.\d+)? m?s$/);
    expect(await page.locator('#m-median-rtt').textContent()).not.toBe('—');

    // Speak mode: the avatar says the text word for word.
    await page.locator('.segmented label', { hasText: 'Speak' }).click();
    const line = 'Welcome to Harbor and Pine, where every tent comes with a lifetime warranty and a story.';
    await page.locator('#composer-input').fill(line);
    await page.locator('#composer-input').press('Enter');
    await page.locator('#messages .msg.avatar', { hasText: line }).waitFor({ timeout: 20_000 });
    await expect.poll(() => page.locator('#m-last-rtt').textContent(), { timeout: 15_000 }).toMatch(/^speak\d/);

    // Interrupt while it talks: back to listening.
    await stateIs(page, 'speaking');
    await page.locator('#interrupt-btn').click();
    await stateIs(page, 'connected');
    await expect.poll(() => page.locator('#calls').textContent(), { timeout: 15_000 }).toContain('interrupt');

    // Hang up: the page says so and the broker has ended the session upstream.
    expect(await speakStatus(worker.url, session, worker.url)).toEqual({ status: 200 });
    await page.locator('#hangup-btn').click();
    await stateIs(page, 'disconnected');
    await page.locator('#messages .msg.system', { hasText: 'Call ended' }).waitFor();
    await expect.poll(() => speakStatus(worker.url, session, worker.url), { timeout: 10_000 }).toEqual({ status: 409, code: 'session_ended' });
    expect(await page.locator('#composer-input').isDisabled()).toBe(true);
    expect(await page.locator('#m-time-left').textContent()).toBe('—');
    expect(errors).toEqual([]);
  });

  it('answers from your model: the switch starts a call with the model, an answer is one line, interrupt stops it', async () => {
    const { page, errors } = await open();
    const sessions = watchSessions(page, worker.url);
    const asked: unknown[] = [];
    page.on('request', (req) => req.url() === `${worker.url}/v1/sessions` && req.method() === 'POST' && asked.push(req.postDataJSON()));
    const model = page.locator('#brain-switch label', { hasText: 'your model' });
    await model.waitFor({ timeout: 15_000 });
    expect(await model.locator('input').isDisabled()).toBe(false);
    await model.click();
    expect(await page.locator('#context').getAttribute('maxlength')).toBe('20000');
    await avatar(page).locator('[part~="connect-button"]').click();
    await stateIs(page, 'connected');
    await expect.poll(() => sessions.length, { timeout: 15_000 }).toBe(1);
    expect(asked).toEqual([expect.objectContaining({ brain: 'model' })]);

    await page.locator('#composer-input').fill('How long do I have to return something?');
    const streamed = page.waitForResponse((res) => res.url().endsWith('/ask'));
    await page.locator('#send-btn').click();
    expect((await streamed).headers()['content-type']).toMatch(/^text\/event-stream/);
    await page.locator('#messages .msg.avatar', { hasText: '30 days' }).waitFor({ timeout: 20_000 });
    // The simulator's room told each sentence as it was spoken; the transcript has the answer once.
    expect(await page.locator('#messages .msg.avatar').count()).toBe(1);

    await page.locator('#composer-input').fill('Do you ship abroad?');
    await page.locator('#send-btn').click();
    await page.locator('#interrupt-btn').click();
    await page.locator('#messages .msg.system', { hasText: /^Interrupted$/ }).waitFor({ timeout: 15_000 });
    await page.locator('#hangup-btn').click();
    await stateIs(page, 'disconnected');
    expect(errors).toEqual([]);
  });

  it("offers the element's own microphone, with a Voice switch that sets hands-free and barge-in on the element", async () => {
    const { page, errors } = await open();
    const el = avatar(page);
    // Chromium recognises speech itself, so the switch shows without the broker's speech-to-text.
    await page.locator('#voice-options').waitFor({ timeout: 15_000 });
    expect(await page.locator('#voice-engine').textContent()).toBe("Browser's recognition");
    expect(await el.getAttribute('voice')).toBe('push-to-talk');
    expect(await el.getAttribute('barge-in')).toBeNull();
    // Barge-in is hands-free only, and its title says it stops an answer only where the model answers.
    const bargeIn = page.locator('#barge-in');
    expect(await bargeIn.isDisabled()).toBe(true);
    expect(await page.locator('#barge-in-label').getAttribute('title')).toMatch(/only where your model answers/);

    await page.locator('#voice-card .segmented label', { hasText: 'Hands-free' }).click();
    expect(await el.getAttribute('voice')).toBe('hands-free');
    await bargeIn.check();
    expect(await el.getAttribute('barge-in')).toBe('');
    await page.locator('#brain-switch label', { hasText: 'your model' }).click();
    expect(await page.locator('#barge-in-label').getAttribute('title')).toMatch(/Your model answers, so its answer stops/);

    // In a call the microphone is the element's (one: the composer has none of its own).
    await el.locator('[part~="connect-button"]').click();
    await stateIs(page, 'connected');
    await el.locator('[part~="mic-button"]').waitFor({ timeout: 10_000 });
    expect(await page.locator('#composer button[type=button]').count()).toBe(0);
    await page.locator('#hangup-btn').click();
    await stateIs(page, 'disconnected');

    // The choice is kept for the next visit, and unticking barge-in takes the attribute away.
    await page.reload();
    await page.locator('#voice-options').waitFor({ timeout: 15_000 });
    expect(await el.getAttribute('voice')).toBe('hands-free');
    expect(await el.getAttribute('barge-in')).toBe('');
    await bargeIn.uncheck();
    expect(await el.getAttribute('barge-in')).toBeNull();
    await page.locator('#voice-card .segmented label', { hasText: 'Push-to-talk' }).click();
    expect(await el.getAttribute('voice')).toBe('push-to-talk');
    expect(await bargeIn.isDisabled()).toBe(true);
    expect(errors).toEqual([]);
  });

  it('sends edited knowledge to the live call', async () => {
    const { page, errors } = await open();
    await avatar(page).locator('[part~="connect-button"]').click();
    await stateIs(page, 'connected');
    await page.locator('#context').fill('Harbor & Pine sells kayaks. The kayak rental desk opens at 7 am every morning.');
    await page.locator('#apply-context').click();
    await page.locator('#composer-input').fill('When does the kayak rental desk open?');
    await page.locator('#send-btn').click();
    await page.locator('#messages .msg.avatar', { hasText: '7 am' }).waitFor({ timeout: 20_000 });
    await page.locator('#hangup-btn').click();
    await stateIs(page, 'disconnected');
    expect(errors).toEqual([]);
  });

  it('gives the exact embed snippet for the chosen avatar and this server, and copies it', async () => {
    const { page, errors } = await open();
    const second = catalogue.avatars[1]!;
    await page.locator(`.avatar-tile[data-avatar-id="${second.id}"]`).click();
    await expect.poll(() => page.locator('#who-name').textContent(), { timeout: 15_000 }).toBe(second.name);
    const element = `<script type="module" src="${worker.url}/a2e-avatar.js"></script>\n<a2e-avatar server="${worker.url}" avatar-id="${second.id}"></a2e-avatar>`;
    expect(await page.locator('#snippet').textContent()).toBe(element);

    await page.locator('#copy-snippet').click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText()), { timeout: 15_000 }).toBe(element);

    await page.locator('#tab-support').click();
    expect(await page.locator('#snippet').textContent()).toBe(
      `<script src="${worker.url}/a2e-support.js" defer></script>\n<a2e-support server="${worker.url}" avatar-id="${second.id}"></a2e-support>`,
    );

    // The choice survives a reload.
    await page.reload();
    await expect.poll(() => page.locator(`.avatar-tile[data-avatar-id="${second.id}"]`).getAttribute('aria-checked'), { timeout: 15_000 }).toBe('true');
    expect(errors).toEqual([]);
  });

  it('the element snippet works as pasted on another site', async () => {
    const { page } = await open();
    await expect.poll(() => page.locator('#snippet').textContent(), { timeout: 15_000 }).toContain(`avatar-id="${catalogue.avatars[0]!.id}"`);
    const snippet = (await page.locator('#snippet').textContent())!;
    await context.close();

    // A page on another origin holding nothing but the snippet, served by routing (nothing listens there).
    const origin = 'http://localhost:8861';
    context = await browser.newContext();
    // Chromium asks before a page reaches a loopback server; a deployed broker is public, and needs no such grant.
    await context.grantPermissions(['local-network-access']);
    await context.route(`${origin}/`, (route) => route.fulfill({ contentType: 'text/html', body: `<!doctype html><body>${snippet}</body>` }));
    const site = await context.newPage();
    const errors = collectPageErrors(site);
    await site.goto(`${origin}/`);
    await site.locator('a2e-avatar [part~="connect-button"]').click();
    await site.waitForFunction(() => document.querySelector('a2e-avatar')?.state === 'connected', null, { timeout: 30_000 });
    await site.evaluate(() => document.querySelector('a2e-avatar')!.disconnect());
    expect(errors).toEqual([]);
  });
});
