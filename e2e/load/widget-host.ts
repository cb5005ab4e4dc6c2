import { createServer, type Server } from 'node:http';
import type { BrowserContext, Page } from 'playwright-core';

/**
 * A customer's page with the widget, on its own origin, loading `<a2e-avatar>` from the Worker as
 * the README's embed does. It is served from loopback by a tiny server (Chromium refuses a page
 * that is not itself on loopback any request to the loopback Worker). The page records every
 * state change and error of the element, with `performance.now()` times, in `window.a2eLog`.
 */
export interface WidgetHost {
  origin: string;
  /** Opens the page in `context`, with the element set up for `server` and `avatarId`. */
  open(context: BrowserContext, server: string, avatarId: string, attributes?: string): Promise<Page>;
  close(): Promise<void>;
}

export interface LoggedEvent {
  type: 'state' | 'error';
  at: number;
  state?: string;
  reason?: string;
  code?: string;
  message?: string;
}

/** Ports of this suite (issue 6): 8870-8899; the first free one is taken. */
export async function startWidgetHost(): Promise<WidgetHost> {
  let html = '';
  const server = createServer((req, res) => {
    if (req.url?.startsWith('/?') || req.url === '/') res.writeHead(200, { 'content-type': 'text/html' }).end(html);
    else res.writeHead(404).end();
  });
  const port = await listenOnFirstFree(server, 8870, 8899);
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    async open(context, workerUrl, avatarId, attributes = '') {
      html = hostPage(workerUrl, avatarId, attributes);
      const page = await context.newPage();
      await page.goto(`${origin}/`);
      await page.waitForFunction(() => customElements.get('a2e-avatar') !== undefined);
      return page;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function hostPage(server: string, avatarId: string, attributes: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title>
<script>
  window.a2eLog = [];
  addEventListener('a2e-state-change', (e) => a2eLog.push({ type: 'state', at: performance.now(), state: e.detail.state, reason: e.detail.reason }));
  addEventListener('a2e-error', (e) => a2eLog.push({ type: 'error', at: performance.now(), code: e.detail.code, message: e.detail.message }));
</script>
<script type="module" src="${server}/a2e-avatar.js"></script>
</head><body>
<a2e-avatar server="${server}" avatar-id="${avatarId}" ${attributes}></a2e-avatar>
</body></html>`;
}

async function listenOnFirstFree(server: Server, from: number, to: number): Promise<number> {
  for (let port = from; port <= to; port++) {
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', () => {
          server.off('error', reject);
          resolve();
        });
      });
      return port;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
    }
  }
  throw new Error(`ports ${from}-${to} are all in use`);
}

export function eventLog(page: Page): Promise<LoggedEvent[]> {
  return page.evaluate(() => (window as unknown as { a2eLog: LoggedEvent[] }).a2eLog);
}

/** Waits until the element's state is `state` (or one of them); fails after `timeoutMs`. */
export async function waitForState(page: Page, states: string | string[], timeoutMs = 30_000): Promise<string> {
  const wanted = Array.isArray(states) ? states : [states];
  const handle = await page.waitForFunction(
    (names) => {
      const state = (document.querySelector('a2e-avatar') as unknown as { state: string }).state;
      return names.includes(state) ? state : false;
    },
    wanted,
    { timeout: timeoutMs },
  );
  return (await handle.jsonValue()) as string;
}

/** Runs a method of the element in the page; resolves with its outcome instead of throwing. */
export function callElement(page: Page, method: 'connect' | 'disconnect' | 'speak' | 'ask', arg?: string) {
  return page.evaluate(
    async ([name, value]) => {
      const el = document.querySelector('a2e-avatar') as unknown as Record<string, (text?: string) => Promise<void>>;
      try {
        await el[name!]!(value);
        return { ok: true as const };
      } catch (err) {
        const error = err as { code?: string; message?: string };
        return { ok: false as const, code: error.code, message: error.message };
      }
    },
    [method, arg] as const,
  );
}

/** The channel of the element's live session, from the broker's reply the page received. */
export function channelOf(page: Page): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no session reply seen')), 30_000);
    page.on('response', async (response) => {
      if (!/\/v1\/sessions$/.test(new URL(response.url()).pathname) || response.status() !== 201) return;
      clearTimeout(timer);
      resolve(((await response.json()) as { rtc: { channel: string } }).rtc.channel);
    });
  });
}
