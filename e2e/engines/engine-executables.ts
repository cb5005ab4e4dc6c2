import { existsSync, readdirSync } from 'node:fs';
import { chromium as playwrightChromium } from 'playwright-core';

/**
 * Where each browser engine the tests drive lives on this machine. Each is looked for in turn:
 * an environment variable naming the executable, the system's (Debian's packages), then, for
 * Chromium, Playwright's own download. `npm test` (scripts/test.ts) installs what is missing.
 */
export type EngineName = 'chromium' | 'firefox' | 'webkit';
export const ENGINES: readonly EngineName[] = ['chromium', 'firefox', 'webkit'];

export interface EngineExecutables {
  chromium?: string;
  firefox?: string;
  /** WebKitGTK's WebDriver server, the MiniBrowser it automates, and the X server it draws on. */
  webkit?: { driver: string; browser: string; xvfb: string };
}

/** The Debian (and Ubuntu) packages that provide each engine. */
export const DEBIAN_PACKAGES: Record<EngineName, string[]> = {
  chromium: ['chromium'],
  firefox: ['firefox-esr'],
  webkit: ['webkit2gtk-driver', 'xvfb'],
};

export function findChromium(env = process.env): string | undefined {
  return pick(env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', playwrightChromium.executablePath());
}

export function findFirefox(env = process.env): string | undefined {
  return pick(env.FIREFOX_PATH, '/usr/bin/firefox-esr', '/usr/bin/firefox');
}

export function findWebKit(env = process.env): EngineExecutables['webkit'] {
  const driver = pick(env.WEBKIT_WEBDRIVER_PATH, '/usr/bin/WebKitWebDriver');
  // MiniBrowser sits in the multiarch library folder: x86_64-linux-gnu, aarch64-linux-gnu, ...
  const browser = pick(env.WEBKIT_MINIBROWSER_PATH, ...multiarch('webkit2gtk-4.1/MiniBrowser'));
  const xvfb = pick(env.XVFB_PATH, '/usr/bin/Xvfb');
  return driver && browser && xvfb ? { driver, browser, xvfb } : undefined;
}

export function findEngines(env = process.env): EngineExecutables {
  return { chromium: findChromium(env), firefox: findFirefox(env), webkit: findWebKit(env) };
}

/** The engines `A2E_TEST_ENGINES` (comma-separated) asks for; all three by default. */
export function wantedEngines(env = process.env): EngineName[] {
  const asked = env.A2E_TEST_ENGINES?.split(',').map((name) => name.trim()).filter(Boolean);
  if (!asked?.length) return [...ENGINES];
  const unknown = asked.filter((name) => !ENGINES.includes(name as EngineName));
  if (unknown.length) throw new Error(`A2E_TEST_ENGINES names no engine ${unknown.join(', ')}: use ${ENGINES.join(', ')}`);
  return asked as EngineName[];
}

/** A path set in the environment is the one used (when it names nothing, the engine is missing); else the first that exists. */
function pick(fromEnv: string | undefined, ...defaults: string[]): string | undefined {
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : undefined;
  return defaults.find((path) => existsSync(path));
}

function multiarch(path: string): string[] {
  try {
    return readdirSync('/usr/lib', { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && entry.name.endsWith('-linux-gnu'))
      .map((entry) => `/usr/lib/${entry.name}/${path}`);
  } catch {
    return [];
  }
}
