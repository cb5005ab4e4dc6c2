import { createServer, type Server } from 'node:http';

/** Rewrites the JSON envelope of one path's reply; gets the request's Authorization too. */
export type Drift = (envelope: { code: number; data?: unknown; msg?: string }, authorization: string) => unknown;

/**
 * An upstream that drifts: a tiny Node server on loopback that forwards every call to `target`
 * (our Worker in simulator mode, through its proxy) and rewrites the replies of the paths in
 * `drifts`, as an A2E that changed a field would answer. Set `drifts` per test.
 */
export interface DriftingUpstream {
  url: string;
  drifts: Map<string, Drift>;
  close(): Promise<void>;
}

export async function startDriftingUpstream(target: string): Promise<DriftingUpstream> {
  const drifts = new Map<string, Drift>();
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', target);
    const authorization = req.headers.authorization ?? '';
    const upstream = await fetch(url, {
      method: req.method,
      headers: { Authorization: authorization, 'Content-Type': req.headers['content-type'] ?? 'application/json' },
      ...(chunks.length ? { body: Buffer.concat(chunks) } : {}),
    });
    let text = await upstream.text();
    const drift = drifts.get(url.pathname);
    if (drift) text = JSON.stringify(drift(JSON.parse(text), authorization));
    res.writeHead(upstream.status, { 'Content-Type': 'application/json' });
    res.end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('no address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    drifts,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
