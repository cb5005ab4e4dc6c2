import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnOwned, type OwnedProcess } from './support/owned-process.ts';

/** A Worker started the way users start it (`wrangler dev`), on a free loopback port, with fresh state. */
export interface RunningWorker {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * `processEnv`: extra environment for wrangler itself (its own settings, not the Worker's vars).
 * `config`: another Worker's wrangler.toml (a benchmark's fixture); the project's by default.
 */
export async function startWorker(vars: Record<string, string> = {}, processEnv: Record<string, string> = {}, config?: string): Promise<RunningWorker> {
  const port = await freePort();
  const inspectorPort = await freePort();
  const persistTo = mkdtempSync(join(tmpdir(), 'a2e-worker-'));
  const args = ['wrangler', 'dev', '--port', String(port), '--ip', '127.0.0.1', '--inspector-port', String(inspectorPort),
    '--persist-to', persistTo, '--show-interactive-dev-session=false', '--log-level', 'warn', ...(config ? ['--config', config] : []),
    ...Object.entries(vars).flatMap(([name, value]) => ['--var', `${name}:${value}`])];
  // wrangler runs workerd: the owned process ends both, also when this test process dies first.
  const server = spawnOwned('npx', args, { env: { ...process.env, WRANGLER_SEND_METRICS: 'false', ...processEnv } });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await server.stop();
    rmSync(persistTo, { recursive: true, force: true });
  };
  try {
    await waitForHealth(url, server);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, port, stop };
}

async function waitForHealth(url: string, server: OwnedProcess): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (server.child.exitCode !== null) throw new Error(`wrangler dev exited early:\n${server.output()}`);
    try {
      const res = await fetch(`${url}/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`wrangler dev did not become healthy at ${url}:\n${server.output()}`);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
