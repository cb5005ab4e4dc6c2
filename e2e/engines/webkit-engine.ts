import { writeFileSync } from 'node:fs';
import { freePort } from '../worker-server.ts';
import { spawnOwned, type OwnedProcess } from '../support/owned-process.ts';
import type { EngineBrowser, EnginePage, PageOptions } from './engine.ts';
import { locateForClick } from './engine.ts';
import { waitFor } from './firefox-engine.ts';
import { WebDriverSession } from './webdriver-client.ts';

const DEFAULT_VIEWPORT = { width: 1280, height: 800 };

export interface WebKitExecutables {
  driver: string;
  browser: string;
  xvfb: string;
}

/**
 * WebKitGTK (Debian's webkit2gtk-driver): WebKitWebDriver automates its MiniBrowser, which has no
 * headless mode, so it draws on an Xvfb display of its own. Xvfb is started directly with
 * -displayfd (it picks a free display and tells us which), rather than through xvfb-run, so two
 * runs side by side never race for a display number and no xauth is needed. The locale is
 * C.UTF-8, a container's default, under which WebKit reports `navigator.language` "C".
 */
export async function launchWebKitEngine(paths: WebKitExecutables): Promise<EngineBrowser> {
  const owned: OwnedProcess[] = [];
  const stop = async () => {
    for (const process of owned.reverse()) await process.stop();
  };
  try {
    const xvfb = spawnOwned(paths.xvfb, ['-displayfd', '1', '-screen', '0', '1600x1200x24', '-nolisten', 'tcp']);
    owned.push(xvfb);
    const display = await waitFor(() => /^(\d+)\s*$/m.exec(xvfb.output())?.[1], xvfb.child, xvfb.output);
    const port = await freePort();
    const driver = spawnOwned(paths.driver, [`--port=${port}`, '--host=127.0.0.1'], {
      env: { ...process.env, DISPLAY: `:${display}`, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' },
    });
    owned.push(driver);
    const server = `http://127.0.0.1:${port}`;
    await waitForReady(server, driver);
    let current: WebDriverSession | undefined;
    const capabilities = { 'webkitgtk:browserOptions': { binary: paths.browser, args: ['--automation'] } };
    // One session at a time is all WebKitWebDriver allows: a new page is a new MiniBrowser.
    const probe = await WebDriverSession.create(server, capabilities);
    const version = `${probe.capabilities.browserName} ${probe.capabilities.browserVersion}`;
    await probe.end();
    return {
      name: 'webkit',
      version,
      newPage: async (options) => {
        await current?.end();
        current = await WebDriverSession.create(server, capabilities);
        return wrap(current, options);
      },
      close: async () => {
        await current?.end();
        await stop();
      },
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function waitForReady(server: string, driver: OwnedProcess): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (driver.child.exitCode !== null) throw new Error(`WebKitWebDriver exited at start:\n${driver.output()}`);
    const status = await fetch(`${server}/status`).then((res) => res.json() as Promise<{ value: { ready: boolean } }>, () => undefined);
    if (status?.value.ready) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`WebKitWebDriver did not start in 30 s:\n${driver.output()}`);
}

async function wrap(session: WebDriverSession, options: PageOptions = {}): Promise<EnginePage> {
  const evaluate = async <R, A>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<Awaited<R>> => {
    const script = `const done = arguments[arguments.length - 1];
Promise.resolve().then(() => (${fn.toString()})(arguments[0])).then(
  (value) => done({ value: value === undefined ? null : value }),
  (error) => done({ error: String((error && error.stack) || error) }),
);`;
    const reply = (await session.executeAsync(script, [arg ?? null])) as { value?: Awaited<R>; error?: string };
    if (reply.error !== undefined) throw new Error(`in the page: ${reply.error}`);
    return reply.value as Awaited<R>;
  };
  // The window includes MiniBrowser's own frame: size it so the viewport is what was asked.
  const want = options.viewport ?? DEFAULT_VIEWPORT;
  await session.send('POST', '/window/rect', want);
  const inner = await evaluate(() => ({ width: innerWidth, height: innerHeight }));
  if (inner.width !== want.width || inner.height !== want.height) {
    await session.send('POST', '/window/rect', { width: 2 * want.width - inner.width, height: 2 * want.height - inner.height });
  }
  return {
    goto: async (url) => void (await session.send('POST', '/url', { url })),
    evaluate,
    click: async (...selectors) => {
      const at = await evaluate(locateForClick, selectors);
      if (typeof at === 'string') throw new Error(at);
      await session.clickAt(at.x, at.y);
    },
    screenshot: async (path) => writeFileSync(path, Buffer.from((await session.send('GET', '/screenshot')) as string, 'base64')),
    // Closing the only window ends the session, as closing the browser's last tab would.
    close: async () => void (await session.send('DELETE', '/window').catch(() => undefined)),
  };
}
