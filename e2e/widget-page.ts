import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'node:http';

/**
 * A host page on another origin than the broker, the way a customer embeds the widget: a tiny
 * static server on a port of this suite's own (8820-8829) serving `html` at `/` and anything else
 * from `widgetDir` (see buildWidget). It listens on loopback like the Worker, so Chromium's local-network rules
 * treat the two as a site would be treated next to its broker.
 */
export interface WidgetPageServer {
  origin: string;
  /** Paths the browser asked for, in order (what the widget downloaded, and when). */
  requested: string[];
  html: string;
  /** More pages by path (an iframe's document, say), served like `html`. */
  pages: Record<string, string>;
  /** Headers of every page response (a Content-Security-Policy, say). */
  headers: Record<string, string>;
  close(): Promise<void>;
}

const root = fileURLToPath(new URL('..', import.meta.url));
const types: Record<string, string> = { '.js': 'text/javascript; charset=utf-8', '.map': 'application/json' };

/**
 * Builds the widget's bundles as `npm run build:widget` does, into a folder of the caller's own,
 * so a build running elsewhere (dist/widget is emptied first) cannot pull files from under a test.
 */
export function buildWidget(): string {
  const outDir = mkdtempSync(join(tmpdir(), 'a2e-widget-'));
  for (const mode of ['transports', 'module', 'classic']) {
    const build = spawnSync('npx', ['vite', 'build', '-c', 'vite.widget.config.ts', '--mode', mode], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, A2E_WIDGET_OUT_DIR: outDir },
    });
    if (build.status !== 0) throw new Error(`vite build --mode ${mode} of the widget failed`);
  }
  return outDir;
}

/** Serves the page on the first free port of this suite's range 8820-8829 (another run may hold one). */
export async function startWidgetPageServer(widgetDir: string): Promise<WidgetPageServer> {
  for (let port = 8820; port <= 8829; port++) {
    try {
      return await listenOn(port, widgetDir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
    }
  }
  throw new Error('ports 8820-8829 are all in use');
}

async function listenOn(port: number, widgetDir: string): Promise<WidgetPageServer> {
  const page: WidgetPageServer = { origin: `http://127.0.0.1:${port}`, requested: [], html: '', pages: {}, headers: {}, close: async () => {} };
  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', page.origin).pathname;
    page.requested.push(path);
    const html = path === '/' ? page.html : page.pages[path];
    if (html !== undefined) return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...page.headers }).end(html);
    const file = normalize(join(widgetDir, path));
    if (!file.startsWith(widgetDir)) return void res.writeHead(403).end();
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
  page.close = () => new Promise((resolve) => server.close(() => resolve()));
  return page;
}

/** A plain HTML page with the classic script tag and one element, as the README shows. */
export function classicPage(server: string, avatarId: string, attributes = ''): string {
  return `<!doctype html><html lang="en"><head><meta name="viewport" content="width=device-width"></head><body>
<script src="/a2e-avatar.global.js"></script>
<a2e-avatar server="${server}" avatar-id="${avatarId}" ${attributes}></a2e-avatar>
</body></html>`;
}

/** The same with the ES module entry, as a bundler-less modern page would. */
export function modulePage(server: string, avatarId: string, attributes = ''): string {
  return `<!doctype html><html lang="en"><head><meta name="viewport" content="width=device-width"></head><body>
<script type="module" src="/a2e-avatar.js"></script>
<a2e-avatar server="${server}" avatar-id="${avatarId}" ${attributes}></a2e-avatar>
</body></html>`;
}
