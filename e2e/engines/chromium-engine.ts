import { chromium, type Browser, type Page } from 'playwright-core';
import { chromiumArgs } from '../chromium.ts';
import type { EngineBrowser, EnginePage, PageOptions } from './engine.ts';
import { locateForClick } from './engine.ts';

const DEFAULT_VIEWPORT = { width: 1280, height: 800 };

/**
 * Chromium through playwright-core. Unlike the Chromium-only suites, it keeps the browser's own
 * autoplay policy (sound only after a gesture), as a visitor's browser has it. Playwright talks to
 * Chromium over a pipe, so the browser also ends when this process does.
 */
export async function launchChromiumEngine(executablePath: string): Promise<EngineBrowser> {
  const args = chromiumArgs.filter((arg) => !arg.startsWith('--autoplay-policy'));
  const browser = await chromium.launch({ executablePath, args: [...args, '--autoplay-policy=document-user-activation-required'], headless: true });
  return {
    name: 'chromium',
    version: `Chromium ${browser.version()}`,
    newPage: (options) => newPage(browser, options),
    close: () => browser.close(),
  };
}

async function newPage(browser: Browser, options: PageOptions = {}): Promise<EnginePage> {
  const context = await browser.newContext({ viewport: options.viewport ?? DEFAULT_VIEWPORT });
  // The demo and the widget page are on loopback; Chromium asks before a page reaches another local origin.
  await context.grantPermissions(['local-network-access']);
  const page = await context.newPage();
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
    screenshot: async (path) => void (await page.screenshot({ path })),
    close: async () => {
      await page.close({ runBeforeUnload: true });
      await page.context().close();
    },
  };
}
