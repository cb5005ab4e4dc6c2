import type { EngineName } from './engine-executables.ts';

/**
 * One browser engine, driven from a Node test through the smallest surface the widget's
 * cross-engine tests need. Chromium runs on playwright-core, Firefox on puppeteer-core (WebDriver
 * BiDi) and WebKitGTK on W3C WebDriver: no one library drives all three of Debian's engines.
 */
export interface EngineBrowser {
  readonly name: EngineName;
  /** Product and version, as the engine reports it (e.g. "MiniBrowser 2.50.6"). */
  readonly version: string;
  /** A fresh page with its own cookies and storage. */
  newPage(options?: PageOptions): Promise<EnginePage>;
  /** Closes every page and ends the browser and the servers it needed. Idempotent. */
  close(): Promise<void>;
}

export interface PageOptions {
  /** CSS pixels of the page's viewport. Default 1280 x 800. */
  viewport?: { width: number; height: number };
}

export interface EnginePage {
  goto(url: string): Promise<void>;
  /**
   * Runs `fn` in the page (its source is sent, so it may use only its argument) and returns its
   * result, awaited, as JSON.
   */
  evaluate<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<Awaited<R>>;
  /**
   * Clicks the way a person does, with a real pointer press the page counts as a user gesture,
   * at the middle of the element that `selectors` find: one CSS selector per shadow root crossed,
   * e.g. `click('a2e-avatar', '[part~="connect-button"]')`.
   */
  click(...selectors: string[]): Promise<void>;
  /** The page's viewport as PNG. */
  screenshot(path: string): Promise<void>;
  /** Closes the page as a visitor closing the tab would (pagehide runs). */
  close(): Promise<void>;
}

/**
 * Where the centre of the element is, in viewport coordinates, after scrolling it into view;
 * run in the page by each engine's click().
 */
export function locateForClick(selectors: string[]): { x: number; y: number } | string {
  let root: Document | ShadowRoot = document;
  let element: Element | null = null;
  for (const selector of selectors) {
    element = root.querySelector(selector);
    if (!element) return `nothing matches ${selectors.join(' >> ')} (stopped at ${selector})`;
    if (element.shadowRoot) root = element.shadowRoot;
  }
  element!.scrollIntoView({ block: 'center', inline: 'center', behavior: 'instant' });
  const box = element!.getBoundingClientRect();
  if (box.width === 0 || box.height === 0) return `${selectors.join(' >> ')} is not visible`;
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}
