import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for A2E on loopback that swallows request bodies and answers in A2E's envelope with
 * the byte count, so an upload through the proxy can be checked end to end without keeping it.
 */
export interface UpstreamSink {
  url: string;
  close(): Promise<void>;
}

export async function startUpstreamSink(): Promise<UpstreamSink> {
  const server: Server = createServer((req, res) => {
    let received = 0;
    req.on('data', (chunk: Buffer) => (received += chunk.length));
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ code: 0, data: { received } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
