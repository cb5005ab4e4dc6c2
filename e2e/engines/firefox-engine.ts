import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Browser as BrowserKind, createProfile } from '@puppeteer/browsers';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { spawnOwned } from '../support/owned-process.ts';
import type { EngineBrowser, EnginePage, PageOptions } from './engine.ts';
import { locateForClick } from './engine.ts';

const DEFAULT_VIEWPORT = { width: 1280, height: 800 };

/**
 * Firefox (Debian's firefox-esr) through puppeteer-core over WebDriver BiDi: Firefox speaks BiDi
 * itself, so no geckodriver is needed. We start Firefox as an owned process (it cannot outlive
 * this test process, however that ends) with puppeteer's automation profile, and connect to it.
 */
export async function launchFirefoxEngine(executablePath: string): Promise<EngineBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'a2e-firefox-'));
  // puppeteer's own preferences: no updates, telemetry or first-run pages, nothing on the network.
  // One content process, as puppeteer launches it, so pointer input reaches every frame.
  await createProfile(BrowserKind.FIREFOX, { path: profile, preferences: { 'fission.webContentIsolationStrategy': 0 } });
  const firefox = spawnOwned(executablePath, ['--headless', '--no-remote', '--profile', profile, '--remote-debugging-port=0', 'about:blank'], {
    env: { ...process.env, MOZ_CRASHREPORTER_DISABLE: '1' },
  });
  const stop = async () => {
    await firefox.stop();
    rmSync(profile, { recursive: true, force: true });
  };
  try {
    const endpoint = await waitFor(() => /WebDriver BiDi listening on (ws:\/\/\S+)/.exec(firefox.output())?.[1], firefox.child, firefox.output);
    const browser = await puppeteer.connect({ browserWSEndpoint: `${endpoint}/session`, protocol: 'webDriverBiDi' });
    return {
      name: 'firefox',
      version: await browser.version(),
      newPage: (options) => newPage(browser, options),
      close: async () => {
        await browser.close().catch(() => undefined);
        await stop();
      },
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function newPage(browser: Browser, options: PageOptions = {}): Promise<EnginePage> {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.setViewport(options.viewport ?? DEFAULT_VIEWPORT);
  return wrap(page);
}

function wrap(page: Page): EnginePage {
  return {
    goto: async (url) => void (await page.goto(url)),
    evaluate: (fn, arg) => page.evaluate(fn as never, arg) as never,
    click: async (...selectors) => {
      const at = await page.evaluate(locateForClick, selectors);
      if (typeof at === 'string') throw new Error(at);
      await page.mouse.click(at.x, at.y);
    },
    screenshot: async (path) => void (await page.screenshot({ path: path as `${string}.png` })),
    // The page's context stays until the browser closes: closing it right after the page
    // sometimes took the page's last request (the widget's beacon) with it.
    close: async () => {
      const closed = new Promise((resolve) => page.once('close', resolve));
      await page.close({ runBeforeUnload: true });
      // With runBeforeUnload puppeteer does not wait for the page to go.
      await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 5_000))]);
    },
  };
}

/** Polls `read` until it gives a value; fails with the process's output if it exits first or takes 30 s. */
export async function waitFor<T>(read: () => T | undefined, child: { exitCode: number | null }, output: () => string): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (child.exitCode !== null) throw new Error(`the browser exited at start:\n${output()}`);
    if (Date.now() > deadline) throw new Error(`the browser did not start in 30 s:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
