import { rmSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type ConsoleMessage, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AvatarsReply } from '../protocol/broker-api';
import { collectPageErrors, launchChromium } from './browser';
import { chromiumArgs, chromiumPath } from './chromium';
import { converse, waitForState } from './hostile-host';
import { buildWidget, startWidgetPageServer, type WidgetPageServer } from './widget-page';
import { startWorker, type RunningWorker } from './worker-server';

/**
 * Host pages that fight the widget, as real sites do (README, "Host pages"): each serves the
 * built widget from its own origin and talks to a Worker on another, like a customer's site.
 */
describe('<a2e-avatar> on hostile host pages', () => {
  let worker: RunningWorker;
  let browser: Browser;
  let site: WidgetPageServer;
  let widgetDir: string;
  let avatarId: string;
  let context: BrowserContext | undefined;

  beforeAll(async () => {
    widgetDir = buildWidget();
    [worker, browser, site] = await Promise.all([startWorker(), launchChromium(), startWidgetPageServer(widgetDir)]);
    avatarId = ((await (await fetch(`${worker.url}/v1/avatars`)).json()) as AvatarsReply).avatars[0]!.id;
  });
  afterAll(async () => {
    await browser?.close();
    await worker?.stop();
    await site?.close();
    if (widgetDir) rmSync(widgetDir, { recursive: true, force: true });
  });
  afterEach(async () => {
    await context?.close();
    context = undefined;
    site.headers = {};
    site.pages = {};
  });

  const element = (attributes = '') => `<a2e-avatar server="${worker.url}" avatar-id="${avatarId}" ${attributes}></a2e-avatar>`;
  const page = (head: string, body: string) => `<!doctype html><html lang="en"><head><meta charset="utf-8">${head}</head><body>${body}</body></html>`;

  /** A fresh tab on the site, with what went wrong in it collected. */
  async function open(html: string, on: Browser = browser, widgetOnTop = true): Promise<{ page: Page; errors: Error[]; consoleErrors: string[] }> {
    site.html = html;
    context = await on.newContext();
    const tab = await context.newPage();
    const errors = collectPageErrors(tab);
    const consoleErrors: string[] = [];
    tab.on('console', (message: ConsoleMessage) => {
      if (message.type() === 'error' || message.type() === 'warning') consoleErrors.push(message.text());
    });
    await tab.goto(`${site.origin}/`);
    if (widgetOnTop) await tab.waitForFunction(() => customElements.get('a2e-avatar') !== undefined);
    return { page: tab, errors, consoleErrors };
  }

  describe('a strict Content-Security-Policy', () => {
    const policy = () =>
      [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        `connect-src 'self' ${worker.url} ${worker.url.replace(/^http/, 'ws')}`,
        `img-src 'self' data: ${worker.url}`,
        // No media-src: the video plays a MediaStream (srcObject), which no fetch directive governs.
        "require-trusted-types-for 'script'",
        // Lit's one policy; nothing else may make one.
        'trusted-types lit-html',
        "base-uri 'none'",
        "object-src 'none'",
      ].join('; ');

    it.each([
      ['the module', '<script type="module" src="/a2e-avatar.js"></script>'],
      ['the classic script', '<script src="/a2e-avatar.global.js"></script>'],
    ])('runs a whole conversation with %s, with no violation', async (_name, script) => {
      site.headers = { 'content-security-policy': policy() };
      const { page: tab, errors, consoleErrors } = await open(page(script, element()));
      await tab.evaluate(() => {
        const violations: string[] = [];
        (window as unknown as { violations: string[] }).violations = violations;
        document.addEventListener('securitypolicyviolation', (e) => violations.push(`${e.violatedDirective} ${e.blockedURI}`));
      });
      const { states, transcripts } = await converse(tab, tab, worker.url);
      expect(states).toEqual(expect.arrayContaining(['connecting', 'connected', 'disconnected']));
      expect(transcripts[0]).toBe('When do you open?');
      expect(await tab.evaluate(() => (window as unknown as { violations: string[] }).violations)).toEqual([]);
      expect(consoleErrors.filter((text) => /Content Security Policy|Trusted Type/i.test(text))).toEqual([]);
      expect(errors).toEqual([]);
    });

    it('loads the Agora transport and its SDK under the same policy', async () => {
      site.headers = { 'content-security-policy': policy() };
      const { page: tab, errors, consoleErrors } = await open(page('<script type="module" src="/a2e-avatar.js"></script>', element()));
      // A string, so that vitest leaves this import() alone; the page imports the module itself.
      const loaded = (await tab.evaluate(`(async () => {
        const violations = [];
        document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective + ' ' + e.blockedURI));
        const transport = await import(location.origin + '/transports/agora-transport.js');
        // The SDK's own set-up (feature checks, timers) runs as it loads and just after.
        await new Promise((resolve) => setTimeout(resolve, 1000));
        return { exports: Object.keys(transport), violations };
      })()`)) as { exports: string[]; violations: string[] };
      expect(loaded.exports.length).toBeGreaterThan(0);
      expect(loaded.violations).toEqual([]);
      expect(consoleErrors.filter((text) => /Content Security Policy|Trusted Type|unsafe-eval/i.test(text))).toEqual([]);
      expect(errors).toEqual([]);
    });
  });

  it.each([
    ['two classic scripts', '<script src="/a2e-avatar.global.js"></script><script src="/a2e-avatar.global.js?again"></script>'],
    ['the module, then the classic script', '<script type="module" src="/a2e-avatar.js"></script><script src="/a2e-avatar.global.js"></script>'],
    ['the classic script, then the module', '<script src="/a2e-avatar.global.js"></script><script type="module" src="/a2e-avatar.js"></script>'],
  ])('loaded twice (%s): no error, one element, one session', async (_name, scripts) => {
    const { page: tab, errors, consoleErrors } = await open(page(scripts, element()));
    await tab.waitForLoadState('load');
    let creates = 0;
    tab.on('request', (req) => void (req.method() === 'POST' && req.url() === `${worker.url}/v1/sessions` && creates++));
    expect(await tab.evaluate(() => document.querySelectorAll('a2e-avatar').length)).toBe(1);
    await converse(tab, tab, worker.url);
    expect(creates).toBe(1);
    expect(errors).toEqual([]);
    expect(consoleErrors.filter((text) => /already|defined/i.test(text))).toEqual([]);
  });

  it('keeps its look and its controls usable on a page whose CSS resets everything', async () => {
    const css = `<style>
      *, *::before, *::after { all: unset !important; }
      body * { z-index: 2147483647 !important; position: relative !important; }
      head, style, script { display: none !important; }
      main { display: block !important; width: 640px !important; }
      header { display: block !important; position: fixed !important; top: 0; height: 8px; background: red; }
    </style>`;
    const { page: tab, errors } = await open(page(`${css}<script src="/a2e-avatar.global.js"></script>`, `<header></header><main>${element()}</main>`));
    await tab.locator('a2e-avatar').evaluate((el) => (el as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete);
    const box = await tab.locator('a2e-avatar').locator('[part~="base"]').boundingBox();
    expect(box!.width).toBeGreaterThanOrEqual(300);
    expect(box!.height).toBeGreaterThanOrEqual(300);
    // Text inside keeps the widget's own colours and font, not the page's reset ones.
    const look = await tab.locator('a2e-avatar').locator('[part~="connect-button"]').evaluate((button) => {
      const style = getComputedStyle(button);
      return { color: style.color, font: style.fontFamily, cursor: style.cursor };
    });
    expect(look.color).toBe('rgb(255, 255, 255)');
    expect(look.font).not.toMatch(/^(Times|serif)/i);
    expect(look.cursor).toBe('pointer');
    const text = await tab.locator('a2e-avatar').locator('[part~="base"]').evaluate((base) => {
      const style = getComputedStyle(base);
      return { color: style.color, font: style.fontFamily, size: style.fontSize };
    });
    expect(text).toEqual({ color: 'rgb(249, 250, 251)', font: expect.not.stringMatching(/^(Times|serif)/i), size: '15px' });
    // Clicks reach every control (Playwright checks nothing of the page covers them).
    await converse(tab, tab, worker.url);
    expect(errors).toEqual([]);
  });

  it('works on a page with old polyfills on Array.prototype and a replaced fetch', async () => {
    site.html = page('<script src="/a2e-avatar.global.js"></script>', element());
    context = await browser.newContext();
    // Before any of the page's scripts, as a site's bundled polyfills are.
    await context.addInitScript(() => {
      const define = (target: object, name: string, value: unknown) => Object.assign(target, { [name]: value }); // enumerable, as old polyfills did
      // Prototype.js 1.6: arrays serialise themselves to a string, so JSON.stringify([1]) is '"[1]"'.
      define(Array.prototype, 'toJSON', function (this: unknown[]) {
        return `[${this.map((item) => JSON.stringify(item)).join(',')}]`;
      });
      define(Array.prototype, 'each', function (this: unknown[], fn: (item: unknown) => void) {
        for (let i = 0; i < this.length; i++) fn(this[i]);
      });
      // An early includes without NaN, an Array.from that ignores iterables (a Set gives []).
      define(Array.prototype, 'includes', function (this: unknown[], item: unknown) {
        return this.indexOf(item) !== -1;
      });
      Array.from = function (items: ArrayLike<unknown>) {
        return Array.prototype.slice.call(items);
      } as typeof Array.from;
      // fetch replaced by an XMLHttpRequest polyfill (no streams, no keepalive), and counted.
      const calls: string[] = [];
      (window as unknown as { hostFetchCalls: string[] }).hostFetchCalls = calls;
      window.fetch = (input: RequestInfo | URL, init: RequestInit = {}) =>
        new Promise<Response>((resolve, reject) => {
          const url = input instanceof Request ? input.url : String(input);
          calls.push(`${init.method ?? 'GET'} ${new URL(url, location.href).pathname}`);
          const xhr = new XMLHttpRequest();
          xhr.open(init.method ?? 'GET', url);
          new Headers(init.headers).forEach((value, name) => xhr.setRequestHeader(name, value));
          xhr.withCredentials = init.credentials === 'include';
          xhr.responseType = 'arraybuffer';
          xhr.onload = () => {
            const headers = new Headers();
            for (const line of xhr.getAllResponseHeaders().trim().split(/\r?\n/)) {
              const at = line.indexOf(':');
              if (at > 0) headers.append(line.slice(0, at).trim(), line.slice(at + 1).trim());
            }
            resolve(new Response(xhr.status === 204 ? null : xhr.response, { status: xhr.status, statusText: xhr.statusText, headers }));
          };
          xhr.onerror = () => reject(new TypeError('Failed to fetch'));
          init.signal?.addEventListener('abort', () => {
            xhr.abort();
            reject(new DOMException('Aborted', 'AbortError'));
          });
          xhr.send((init.body as XMLHttpRequestBodyInit | null | undefined) ?? null);
        });
    });
    const tab = await context.newPage();
    const pageErrors = collectPageErrors(tab);
    await tab.goto(`${site.origin}/`);
    const { transcripts } = await converse(tab, tab, worker.url);
    expect(transcripts[0]).toBe('When do you open?');
    const calls = await tab.evaluate(() => (window as unknown as { hostFetchCalls: string[] }).hostFetchCalls);
    expect(calls).toContain('POST /v1/sessions');
    expect(pageErrors).toEqual([]);
  });

  describe('in an iframe on another origin', () => {
    // Without the suite's autoplay switch, so the browser's own autoplay rules apply.
    let strict: Browser;
    beforeAll(async () => {
      strict = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs.filter((arg) => !arg.startsWith('--autoplay-policy')), headless: true });
    });
    afterAll(async () => {
      await strict?.close();
    });

    it.each([
      ['with allow="autoplay; microphone"', 'allow="autoplay; microphone"', true],
      ['with no allow attribute', '', false],
    ])('runs a conversation %s, and offers the microphone only where the frame may use it', async (_name, allow, micAllowed) => {
      const embed = `${site.origin.replace('127.0.0.1', 'localhost')}/embed`;
      site.pages = { '/embed': page('<script src="/a2e-avatar.global.js"></script>', element('controls="chat mic mute hangup captions"')) };
      const { page: tab, errors } = await open(page('', `<iframe src="${embed}" ${allow} width="480" height="720"></iframe>`), strict, false);
      const frame = tab.frames().find((f) => f.url() === embed)!;
      await frame.waitForFunction(() => customElements.get('a2e-avatar') !== undefined);
      const avatar = frame.locator('a2e-avatar');
      await avatar.locator('[part~="connect-button"]').click();
      await waitForState(frame, 'connected');
      const speech = await frame.evaluate(() => 'webkitSpeechRecognition' in window || 'SpeechRecognition' in window);
      await expect.poll(() => avatar.locator('[part~="mic-button"]').count()).toBe(speech && micAllowed ? 1 : 0);
      // The video plays: with sound after the tap, or muted behind a "tap for sound" button.
      await frame.waitForFunction(() => {
        const video = document.querySelector('a2e-avatar')!.shadowRoot!.querySelector('video')!;
        return !video.paused && video.videoWidth > 0;
      });
      await avatar.locator('[part~="hangup-button"]').click();
      await waitForState(frame, 'disconnected');
      const { transcripts } = await converse(tab, frame, worker.url);
      expect(transcripts[0]).toBe('When do you open?');
      expect(errors).toEqual([]);
    });
  });
});
