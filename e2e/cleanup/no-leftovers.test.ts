import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * However a test run ends, it leaves no process behind: a run (leak-probe.fixture.ts) starts a
 * Worker (wrangler, workerd) and every engine (Chromium; Firefox; Xvfb, WebKitWebDriver and
 * MiniBrowser), and is then interrupted, terminated or times out. Every process the run started
 * carries a marker in its environment; afterwards none may be left.
 */
describe.skipIf(process.platform !== 'linux')('a test run that ends early', () => {
  it.each([
    ['interrupted with Ctrl-C', 'SIGINT to the whole process group, as a terminal sends it', { signal: 'SIGINT', group: true }],
    ['terminated', 'SIGTERM to vitest alone, as a CI timeout sends it', { signal: 'SIGTERM', group: false }],
    ['timed out', 'a test that exceeds its timeout, so the run fails', { timeout: 2_000 }],
  ] as const)('%s (%s) leaves no process behind', { timeout: 180_000 }, async (_name, _how, end) => {
    const marker = `probe-${process.pid}-${Date.now()}`;
    const dir = mkdtempSync(join(tmpdir(), 'a2e-probe-'));
    const ready = join(dir, 'ready');
    const run = spawn('npx', ['vitest', 'run', '--config', 'e2e/cleanup/vitest.probe.config.ts'], {
      env: { ...process.env, A2E_PROBE_RUN: marker, A2E_PROBE_READY: ready, ...('timeout' in end ? { A2E_PROBE_TIMEOUT: String(end.timeout) } : {}) },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    run.stdout!.on('data', (chunk) => (output += chunk));
    run.stderr!.on('data', (chunk) => (output += chunk));
    const exited = new Promise<void>((resolve) => run.once('exit', () => resolve()));
    try {
      await until(() => existsSync(ready) || run.exitCode !== null, 120_000);
      expect(existsSync(ready), `the probe run did not start its servers:\n${output}`).toBe(true);
      // What a run holds: wrangler and workerd, and each engine's processes.
      const held = processesMarked(marker);
      expect(held.some((p) => p.includes('workerd'))).toBe(true);
      expect(held.length).toBeGreaterThanOrEqual(4);

      if ('signal' in end) {
        if (end.group) process.kill(-run.pid!, end.signal);
        else {
          // vitest's own node process, not npx's wrappers around it.
          const vitest = processesMarked(marker, true).find((p) => p.cmd.includes('node_modules/.bin/vitest run'));
          process.kill(vitest?.pid ?? run.pid!, end.signal);
        }
      }
      await Promise.race([exited, until(() => false, 60_000)]);
      expect(run.exitCode ?? run.signalCode, `the probe run did not end:\n${output}`).not.toBeNull();
      await until(() => processesMarked(marker).length === 0, 15_000);
      expect(processesMarked(marker)).toEqual([]);
    } finally {
      for (const p of processesMarked(marker, true)) process.kill(p.pid, 'SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** Live (not zombie) processes whose environment holds the marker: their command lines, or pid and command. */
function processesMarked(marker: string): string[];
function processesMarked(marker: string, withPid: true): { pid: number; cmd: string }[];
function processesMarked(marker: string, withPid = false): (string | { pid: number; cmd: string })[] {
  const found: { pid: number; cmd: string }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (!readFileSync(`/proc/${entry}/environ`, 'latin1').includes(`A2E_PROBE_RUN=${marker}`)) continue;
      const stat = readFileSync(`/proc/${entry}/stat`, 'latin1');
      if (stat.slice(stat.lastIndexOf(')') + 2)[0] === 'Z') continue;
      found.push({ pid: Number(entry), cmd: readFileSync(`/proc/${entry}/cmdline`, 'latin1').replace(/\0/g, ' ').trim() });
    } catch {
      // It ended while we looked.
    }
  }
  return withPid ? found : found.map((p) => p.cmd);
}

async function until(done: () => boolean, timeout: number): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!done() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
}
