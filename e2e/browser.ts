import { chromium, type Browser, type Page } from 'playwright-core';
import { chromiumArgs, chromiumPath } from './chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true });
}

/** Collects uncaught page errors, so a test can assert a page ran clean. */
export function collectPageErrors(page: Page): Error[] {
  const errors: Error[] = [];
  page.on('pageerror', (error) => errors.push(error));
  return errors;
}
