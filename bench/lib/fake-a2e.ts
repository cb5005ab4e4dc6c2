import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A2E's streaming endpoints on loopback, answering at once in A2E's envelope (shared/a2e-api.md),
 * so a broker in live mode (A2E_BASE_URL pointing here) can be timed with an upstream that costs
 * next to nothing, and every speak's arrival is stamped on the benchmark's own clock.
 */
export interface FakeA2e {
  url: string;
  /** Every speak, as it arrived (performance.now() of this process). */
  speaks: { at: number; channel: string; text: string }[];
  close(): Promise<void>;
}

let channels = 0;

export async function startFakeA2e(): Promise<FakeA2e> {
  const speaks: FakeA2e['speaks'] = [];
  const server: Server = createServer(async (req, res) => {
    const arrived = performance.now();
    const body = await jsonOf(req);
    const reply = (data: unknown) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ code: 0, data, trace_id: 'bench' }));
    };
    const path = new URL(req.url ?? '/', 'http://a2e').pathname;
    if (path === '/api/v1/streaming-avatar/all_avatars') return reply([{ _id: 'bench-avatar', name: 'Bench' }]);
    if (path === '/api/v1/streaming-avatar/agora-token') {
      return reply({ appId: 'bench-app', token: 'bench-token', channel: `bench-${++channels}`, uid: 1 });
    }
    if (path === '/api/v1/streaming-avatar/speak') {
      speaks.push({ at: arrived, channel: String(body.channel), text: String(body.text) });
      return reply(null);
    }
    if (path.startsWith('/api/v1/streaming-avatar/')) return reply({});
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ code: 404, msg: 'no such endpoint' }));
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    speaks,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function jsonOf(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString() || '{}') as Record<string, unknown>;
  } catch {
    return {};
  }
}
