import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, it } from 'vitest';
import type { EngineBrowser } from '../engines/engine';
import { wantedEngines } from '../engines/engine-executables';
import { launchEngine } from '../engines/launch-engine';
import { startWorker, type RunningWorker } from '../worker-server';

/**
 * A test run in miniature, for no-leftovers.test.ts: starts what the real suites start (a Worker
 * under `wrangler dev`, every engine with a page open), says so in A2E_PROBE_READY, then waits
 * to be killed, or, with A2E_PROBE_TIMEOUT, times out like a hung test.
 */
let worker: RunningWorker | undefined;
const engines: EngineBrowser[] = [];

beforeAll(async () => {
  worker = await startWorker();
  for (const name of wantedEngines()) {
    const engine = await launchEngine(name);
    engines.push(engine);
    const page = await engine.newPage();
    await page.goto(`${worker.url}/`);
  }
  writeFileSync(process.env.A2E_PROBE_READY!, 'ready');
});

afterAll(async () => {
  for (const engine of engines) await engine.close();
  await worker?.stop();
});

const timeout = Number(process.env.A2E_PROBE_TIMEOUT) || 600_000;
it('holds its servers until it is stopped', () => new Promise(() => {}), timeout);
