import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

/**
 * A simulated room's WebSocket, opened over a raw TCP socket so a test can end it the ways a
 * visitor's connection really ends: a clean close, a reset (a killed tab), or silence (a network
 * that dropped without telling anyone, which leaves the server holding a socket nobody reads).
 */
export interface RoomSocket {
  /** A close frame, then FIN: what a page that hangs up or closes its tab sends. */
  close(): void;
  /** TCP reset: what a killed process leaves behind. */
  reset(): void;
  /** Stops reading and never answers again; `destroy()` it when the test is done. */
  goSilent(): void;
  destroy(): void;
}

export function openRoomSocket(baseUrl: string, path: string, timeoutMs = 30_000): Promise<RoomSocket> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket: Socket = connect({ host: hostname, port: Number(port) });
    const timer = setTimeout(() => fail(new Error(`no WebSocket upgrade from ${path} within ${timeoutMs} ms`)), timeoutMs);
    let head = '';
    const fail = (err: Error) => {
      clearTimeout(timer);
      socket.destroy();
      reject(err);
    };
    socket.once('error', fail);
    socket.once('connect', () => {
      socket.write(
        [
          `GET ${path} HTTP/1.1`,
          `Host: ${hostname}:${port}`,
          'Upgrade: websocket',
          'Connection: Upgrade',
          `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
          'Sec-WebSocket-Version: 13',
          '',
          '',
        ].join('\r\n'),
      );
    });
    const onData = (chunk: Buffer) => {
      head += chunk.toString('latin1');
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      socket.off('data', onData);
      clearTimeout(timer);
      const status = head.slice(0, head.indexOf('\r\n'));
      if (!/^HTTP\/1\.1 101/.test(status)) {
        // Keep reading briefly, so the error names the refusal's body too.
        socket.on('data', (more: Buffer) => (head += more.toString('latin1')));
        setTimeout(() => fail(new Error(`room join refused: ${status} ${head.slice(end + 4, end + 400)}`)), 200);
        return;
      }
      socket.off('error', fail);
      socket.on('error', () => undefined); // a reset from the server after the room ends is expected
      socket.resume(); // frames from the room are read and dropped until the test decides
      resolve({
        close: () => {
          // A masked close frame with no payload (clients must mask).
          socket.end(Buffer.concat([Buffer.from([0x88, 0x80]), randomBytes(4)]));
        },
        reset: () => socket.resetAndDestroy(),
        goSilent: () => socket.pause(),
        destroy: () => socket.destroy(),
      });
    };
    socket.on('data', onData);
  });
}
