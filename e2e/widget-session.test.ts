import { rmSync } from 'node:fs';
import type { Browser, BrowserContext, Page, Response } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AvatarsReply, CreateSessionReply } from '../protocol/broker-api';
import { collectPageErrors, launchChromium } from './browser';
import { buildWidget, classicPage, startWidgetPageServer, type WidgetPageServer } from './widget-page';
import { startWorker, type RunningWorker } from './worker-server';

/**
 * `<a2e-avatar>` in a plain HTML page (classic script tag) on another origin, against a Worker
 * started with `wrangler dev` on its simulator: the whole path a visitor takes.
 */
describe('<a2e-avatar> against a running Worker', () => {
  let worker: RunningWorker;
  let browser: Browser;
  let avatarId: string;
  let context: BrowserContext;
  let site: WidgetPageServer;
  let widgetDir: string;

  beforeAll(async () => {
    widgetDir = buildWidget();
    [worker, browser, site] = await Promise.all([startWorker(), launchChromium(), startWidgetPageServer(widgetDir)]);
    const catalogue = (await (await fetch(`${worker.url}/v1/avatars`)).json()) as AvatarsReply;
    avatarId = catalogue.avatars[0]!.id;
  });
  afterAll(async () => {
    await browser?.close();
    await worker?.stop();
    await site?.close();
    if (widgetDir) rmSync(widgetDir, { recursive: true, force: true });
  });
  afterEach(async () => {
    await context?.close();
  });

  async function openPage(attributes = ''): Promise<{ page: Page; requested: string[]; session: Promise<CreateSessionReply>; errors: Error[] }> {
    context = await browser.newContext();
    site.html = classicPage(worker.url, avatarId, attributes);
    site.requested.length = 0;
    const requested = site.requested;
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    const session = page
      .waitForResponse((res: Response) => res.url() === `${worker.url}/v1/sessions` && res.request().method() === 'POST', { timeout: 30_000 })
      .then((res) => res.json() as Promise<CreateSessionReply>);
    session.catch(() => {});
    await page.goto(`${site.origin}/`);
    await page.evaluate(() => {
      const el = document.querySelector('a2e-avatar')!;
      const log: unknown[] = [];
      (window as unknown as { a2eLog: unknown[] }).a2eLog = log;
      for (const type of ['a2e-state-change', 'a2e-transcript', 'a2e-error']) {
        document.addEventListener(type, (e) => log.push({ type, ...(e as CustomEvent).detail }));
      }
      return el.updateComplete;
    });
    return { page, requested, session, errors };
  }

  /** Waits for the element's state; on timeout says where it was and what it reported. */
  async function waitForState(page: Page, state: string, timeout = 30_000): Promise<void> {
    try {
      await page.waitForFunction((want) => document.querySelector('a2e-avatar')!.state === want, state, { timeout });
    } catch (err) {
      const now = await page.evaluate(() => document.querySelector('a2e-avatar')!.state).catch(() => 'unknown');
      throw new Error(`state ${now}, not ${state}; events: ${JSON.stringify(await log(page).catch(() => []))}`, { cause: err });
    }
  }

  const log = (page: Page) => page.evaluate(() => (window as unknown as { a2eLog: Record<string, string>[] }).a2eLog);
  const avatar = (page: Page) => page.locator('a2e-avatar');

  /** What the broker says to a speak with this session's ticket: 200 while it runs, 409 once ended. */
  async function speakStatus(session: CreateSessionReply): Promise<{ status: number; code?: string }> {
    const res = await fetch(`${worker.url}/v1/sessions/${session.sessionId}/speak`, {
      method: 'POST',
      headers: { authorization: `Bearer ${session.ticket}`, 'content-type': 'application/json', origin: site.origin },
      body: JSON.stringify({ text: 'still there?' }),
    });
    const body = (await res.json()) as { error?: { code: string } };
    return { status: res.status, ...(body.error ? { code: body.error.code } : {}) };
  }

  it('connects, shows a moving avatar, speaks and answers with captions, and hangs up at the broker', async () => {
    const { page, requested, session, errors } = await openPage('context="Our shop opens at nine and closes at five."');
    // Before connect(): no Agora code (this broker's sessions use the simulator, whose code
    // preload="visible" may already be warming; e2e/preload.test.ts checks when).
    expect(requested.some((path) => path.includes('agora'))).toBe(false);

    await avatar(page).locator('[part~="connect-button"]').click();
    await waitForState(page, 'connected');
    const { sessionId, ticket } = await session;
    expect(requested).toContain('/transports/simulator-transport.js');
    expect(requested.some((path) => path.includes('agora'))).toBe(false);

    // The video plays frames that change over time (the simulated face is alive).
    const frames = await page.evaluate(async () => {
      const video = document.querySelector('a2e-avatar')!.shadowRoot!.querySelector('video')!;
      const el = document.querySelector('a2e-avatar')!;
      void el.speak('Watch my lips move while I say this rather long sentence.');
      const canvas = document.createElement('canvas');
      const hashes = new Set<string>();
      for (let i = 0; i < 20 && hashes.size < 3; i++) {
        await new Promise((resolve) => setTimeout(resolve, 150));
        canvas.width = video.videoWidth;
        canvas.height = video.videoHeight;
        const ctx = canvas.getContext('2d')!;
        ctx.drawImage(video, 0, 0);
        const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
        let hash = 0;
        for (let j = 0; j < data.length; j += 7) hash = (hash * 31 + data[j]!) | 0;
        hashes.add(`${canvas.width}x${canvas.height}:${hash}`);
      }
      return { size: [video.videoWidth, video.videoHeight], distinct: hashes.size, paused: video.paused };
    });
    expect(frames.size[0]).toBeGreaterThan(0);
    expect(frames.paused).toBe(false);
    expect(frames.distinct).toBeGreaterThanOrEqual(2);

    await page.waitForFunction(
      () => (window as unknown as { a2eLog: { type: string; state?: string }[] }).a2eLog.some((e) => e.state === 'speaking'),
      null,
      { timeout: 20_000 },
    );
    await waitForState(page, 'connected');

    // Ask through the text box, as a visitor would.
    await avatar(page).locator('[part~="input"]').fill('When does the shop open?');
    await avatar(page).locator('[part~="input"]').press('Enter');
    await page.waitForFunction(
      () =>
        (window as unknown as { a2eLog: { type: string; role?: string }[] }).a2eLog.filter((e) => e.type === 'a2e-transcript' && e.role === 'avatar')
          .length >= 2,
      null,
      { timeout: 20_000 },
    );
    const transcripts = (await log(page)).filter((e) => e.type === 'a2e-transcript');
    expect(transcripts[0]).toEqual({ type: 'a2e-transcript', role: 'avatar', text: 'Watch my lips move while I say this rather long sentence.' });
    expect(transcripts[1]).toEqual({ type: 'a2e-transcript', role: 'user', text: 'When does the shop open?' });
    expect(transcripts[2]).toMatchObject({ role: 'avatar' });
    expect(transcripts[2]!.text!.length).toBeGreaterThan(0);
    expect(transcripts).toHaveLength(3); // each line once, though the room and the reply both tell it
    await expect(avatar(page).locator('[part~="captions"]').textContent()).resolves.toContain('When does the shop open?');

    expect(await speakStatus({ sessionId, ticket } as CreateSessionReply)).toEqual({ status: 200 });
    await avatar(page).locator('[part~="hangup-button"]').click();
    await waitForState(page, 'disconnected');
    await expect.poll(() => speakStatus({ sessionId, ticket } as CreateSessionReply), { timeout: 10_000 }).toEqual({ status: 409, code: 'session_ended' });
    const states = (await log(page)).filter((e) => e.type === 'a2e-state-change').map((e) => e.state);
    expect(states[0]).toBe('connecting');
    expect(states.at(-1)).toBe('disconnected');
    expect((await log(page)).filter((e) => e.type === 'a2e-error')).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('ends the session with a beacon when the page closes', async () => {
    const { page, session } = await openPage('auto-connect');
    await waitForState(page, 'connected');
    const reply = await session;
    expect(await speakStatus(reply)).toEqual({ status: 200 });
    await page.close({ runBeforeUnload: true });
    // Nothing else ends it this soon: the broker's idle limit is minutes, and a closed room socket is not an end.
    await expect.poll(() => speakStatus(reply), { timeout: 15_000 }).toEqual({ status: 409, code: 'session_ended' });
  });

  it('sends that beacon to the leave route when the visitor navigates away', async () => {
    const { page, session } = await openPage('auto-connect');
    await waitForState(page, 'connected');
    const reply = await session;
    // Playwright does not see requests or bindings of a page that is going away, so the page
    // notes each beacon in its localStorage, read back after the visit. (The body cannot be read
    // synchronously; that it carries the ticket shows in the session ending.)
    await page.evaluate(() => {
      const send = navigator.sendBeacon.bind(navigator);
      navigator.sendBeacon = (url, data) => {
        const seen = JSON.parse(localStorage.getItem('a2e-beacons') ?? '[]') as unknown[];
        localStorage.setItem('a2e-beacons', JSON.stringify([...seen, { url: String(url), type: (data as Blob).type }]));
        return send(url, data);
      };
    });
    await page.goto('about:blank');
    await expect.poll(() => speakStatus(reply), { timeout: 15_000 }).toEqual({ status: 409, code: 'session_ended' });
    site.html = '<!doctype html><title>back</title>';
    await page.goto(`${site.origin}/`);
    const beacons = await page.evaluate(() => JSON.parse(localStorage.getItem('a2e-beacons') ?? '[]') as unknown);
    expect(beacons).toEqual([
      { url: `${worker.url}/v1/sessions/${reply.sessionId}/leave`, type: 'text/plain' },
    ]);
  });

  it('commands before connecting reject with not_connected', async () => {
    const { page } = await openPage();
    const code = await page.evaluate(() => document.querySelector('a2e-avatar')!.ask('hello?').catch((err: { code: string }) => err.code));
    expect(code).toBe('not_connected');
  });

  it("tells a page whose origin the Worker does not allow exactly that, not a vague network error", async () => {
    const strict = await startWorker({ ALLOWED_ORIGINS: 'https://shop.example' });
    try {
      context = await browser.newContext();
      site.html = classicPage(strict.url, avatarId, '');
      const page = await context.newPage();
      await page.goto(`${site.origin}/`);
      const outcome = await page.evaluate(async () => {
        const el = document.querySelector('a2e-avatar')!;
        const events: { code: string; message: string }[] = [];
        el.addEventListener('a2e-error', (e) => events.push((e as CustomEvent<{ code: string; message: string }>).detail));
        await el.connect().catch(() => {});
        await el.updateComplete;
        return { state: el.state, events, shown: el.shadowRoot!.querySelector('[part~="error"]')?.textContent ?? '' };
      });
      expect(outcome.state).toBe('error');
      expect(outcome.events.map((e) => e.code)).toEqual(['forbidden']);
      expect(outcome.events[0]!.message).toContain(site.origin);
      expect(outcome.shown).toContain('ALLOWED_ORIGINS');
    } finally {
      await strict.stop();
    }
  });
});
