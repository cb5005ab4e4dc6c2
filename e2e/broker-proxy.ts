import { createServer, request as httpRequest, Agent, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';

/**
 * A loopback proxy in front of the Worker that sees what reaches the broker and can make it as
 * far away as a real network (rttMs > 0; 0 passes everything straight on): every
 * request reaches the Worker half a round trip after the browser sent it, and every piece of the
 * reply (each chunk of a stream, each WebSocket frame) reaches the browser half a round trip after
 * the Worker sent it, in order. It counts what the broker sees: requests by method and route, CORS
 * preflights (OPTIONS) and WebSocket upgrades. Chromium's own network emulation was tried first:
 * it delays a request and its preflight together (a preflight cost ~65 ms, not the 100 ms round
 * trip it costs on a network) and WebSocket handshakes by half, so it would flatter the "before".
 */
export interface BrokerProxy {
  url: string;
  /** What reached the Worker since the last reset(), as `METHOD /route` (session ids as :id). */
  seen: string[];
  /** How late each delayed step ran after its due time (ms): a busy machine's timers fire late, which adds to every round trip. */
  lateness: number[];
  reset(): void;
  close(): Promise<void>;
}

export async function startBrokerProxy(target: string, rttMs = 0): Promise<BrokerProxy> {
  const oneWay = rttMs / 2;
  const upstream = new URL(target);
  // No Nagle anywhere: a small write held back for an ACK would add tens of ms the network did not.
  const agent = new Agent({ keepAlive: true });
  const seen: string[] = [];
  const lateness: number[] = [];
  const delayed = (ms: number) => delayedQueue(ms, lateness);
  const sockets = new Set<Socket | Duplex>();

  const server = createServer((req, res) => {
    seen.push(routeOf(req));
    void forward(req, res);
  });

  async function forward(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readAll(req);
    await new Promise<void>((resolve) => delayed(oneWay)(resolve));
    const out = httpRequest(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers, agent },
      (reply) => {
        const send = delayed(oneWay);
        send(() => res.writeHead(reply.statusCode ?? 502, reply.headers));
        reply.on('data', (chunk: Buffer) => send(() => res.write(chunk)));
        reply.on('end', () => send(() => res.end()));
      },
    );
    out.setNoDelay(true);
    out.on('error', () => res.destroy());
    out.end(body);
  }

  // WebSockets (the simulator's room): the handshake and every frame, each way, half a round trip late.
  server.on('upgrade', (req: IncomingMessage, client: Duplex, head: Buffer) => {
    seen.push(`WS ${routeOf(req).slice(req.method!.length + 1)}`);
    sockets.add(client);
    const toWorker = delayed(oneWay);
    const toBrowser = delayed(oneWay);
    const worker = connect({ port: Number(upstream.port), host: upstream.hostname, noDelay: true });
    sockets.add(worker);
    const lines = [`${req.method} ${req.url} HTTP/1.1`];
    for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
    toWorker(() => {
      worker.write(`${lines.join('\r\n')}\r\n\r\n`);
      if (head.length) worker.write(head);
    });
    client.on('data', (chunk: Buffer) => toWorker(() => worker.write(chunk)));
    worker.on('data', (chunk: Buffer) => toBrowser(() => client.write(chunk)));
    const close = () => {
      client.destroy();
      worker.destroy();
      sockets.delete(client);
      sockets.delete(worker);
    };
    client.on('close', () => toWorker(close));
    worker.on('close', () => toBrowser(close));
    client.on('error', close);
    worker.on('error', close);
  });
  server.on('connection', (socket) => {
    socket.setNoDelay(true);
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the proxy has no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    seen,
    lateness,
    reset: () => {
      seen.length = 0;
      lateness.length = 0;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      agent.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Runs each step `ms` after it was queued, never before the one queued earlier (a link keeps order). */
function delayedQueue(ms: number, lateness: number[]): (step: () => void) => void {
  let last = 0;
  return (step) => {
    const due = Math.max(performance.now() + ms, last);
    last = due;
    setTimeout(() => {
      if (ms > 0) lateness.push(Math.max(0, performance.now() - due)); // timers may fire a rounding early
      step();
    }, Math.max(0, due - performance.now()));
  };
}

function routeOf(req: IncomingMessage): string {
  const path = new URL(req.url ?? '/', 'http://proxy').pathname
    .replace(/^\/v1\/sessions\/[^/]+/, '/v1/sessions/:id')
    .replace(/^\/sim\/rooms\/[^/]+/, '/sim/rooms/:channel')
    .replace(/^\/transports\/.*/, '/transports/*');
  return `${req.method} ${path}`;
}

function readAll(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
