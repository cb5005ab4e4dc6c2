import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * A customer's site for the network benchmarks: `html` at `/` and, when `staticDir` is given,
 * the widget's built files from it, gzipped as any CDN serves them (the sizes on the wire are the
 * ones a visitor downloads). It listens on its own loopback address, so the page is another
 * site than the broker on 127.0.0.1, as a real embed is.
 */
export interface PageHost {
  origin: string;
  html: string;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = { '.js': 'text/javascript; charset=utf-8', '.map': 'application/json' };

export async function startPageHost(options: { address?: string; staticDir?: string } = {}): Promise<PageHost> {
  const address = options.address ?? '127.0.0.2';
  const gzipped = new Map<string, Buffer>();
  const host: PageHost = { origin: '', html: '', close: async () => {} };
  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://page').pathname;
    if (path === '/') return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(host.html);
    if (!options.staticDir) return void res.writeHead(404).end();
    const file = normalize(join(options.staticDir, path));
    if (!file.startsWith(options.staticDir)) return void res.writeHead(403).end();
    try {
      let body = gzipped.get(file);
      if (!body) gzipped.set(file, (body = gzipSync(await readFile(file))));
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'content-encoding': 'gzip' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, address, resolve));
  const bound = server.address();
  if (!bound || typeof bound === 'string') throw new Error('the page host has no port');
  host.origin = `http://${address}:${bound.port}`;
  host.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return host;
}
