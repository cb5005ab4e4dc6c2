import { fileURLToPath } from 'node:url';
import { spawnOwned } from '../../e2e/support/owned-process.ts';

/**
 * The fake A2E in a process of its own, for timing the upstream's share: the broker's call to it
 * crosses processes (workerd to Node, as to A2E across a network), so a direct call that is to
 * stand for that share must cross them too. Served from the timing process itself, a direct call
 * never leaves its event loop and costs less than the broker's call to the same server does.
 */
export interface FakeA2eProcess {
  url: string;
  close(): Promise<void>;
}

const MAIN = fileURLToPath(new URL('./fake-a2e-main.ts', import.meta.url));

export async function startFakeA2eProcess(): Promise<FakeA2eProcess> {
  const server = spawnOwned(process.execPath, [MAIN]);
  const deadline = Date.now() + 10_000;
  for (;;) {
    const url = /^http:\/\/127\.0\.0\.1:\d+$/m.exec(server.output())?.[0];
    if (url) return { url, close: () => server.stop() };
    if (server.child.exitCode !== null || Date.now() > deadline) {
      await server.stop();
      throw new Error(`the fake A2E did not start:\n${server.output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
