import { spawn } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { catalogue, catalogueEntries } from '../protocol/a2e-catalogue/index';
import { checkInput } from '../scripts/a2e-check/read-only.ts';
import { startDriftingUpstream, type DriftingUpstream } from './drifting-upstream';
import { freePort, startWorker, type RunningWorker } from './worker-server';

/**
 * `npm run a2e:check` as a user runs it, against our own Worker in simulator mode reached through
 * its /api/v1 proxy (A2E_API_KEY is the Worker's ADMIN_TOKEN), and against an upstream that drifts.
 */
const ADMIN_TOKEN = 'sk_check-admin-token-0123456789';
const READ_ONLY = catalogueEntries().filter(({ endpoint }) => endpoint.readOnly === true);
const { streaming } = catalogue;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Every output of every run, to prove the key never appears in any. */
const outputs: string[] = [];

function runCheck(env: Record<string, string | undefined>, args: string[] = []): Promise<Run> {
  const { A2E_API_KEY: _key, A2E_BASE_URL: _base, ...rest } = process.env;
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', 'a2e:check', '--', ...args], {
      env: { ...rest, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => {
      outputs.push(stdout, stderr);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The report's line for one path (and step). */
function rowOf(run: Run, path: string): string {
  const line = run.stdout.split('\n').find((l) => l.split(/\s{2,}/)[1] === path);
  if (!line) throw new Error(`no row for ${path} in:\n${run.stdout}\n${run.stderr}`);
  return line;
}

async function openChannels(worker: RunningWorker): Promise<number> {
  return ((await (await fetch(`${worker.url}/sim/stats`)).json()) as { openChannels: number }).openChannels;
}

let worker: RunningWorker;
let drifting: DriftingUpstream;
beforeAll(async () => {
  worker = await startWorker({ ADMIN_TOKEN });
  drifting = await startDriftingUpstream(worker.url);
});
afterEach(() => drifting.drifts.clear());
afterAll(async () => {
  await drifting?.close();
  await worker?.stop();
});

describe('npm run a2e:check', () => {
  it('has an input for every endpoint the catalogue marks readOnly, and marks the free reads', () => {
    for (const { id, endpoint } of READ_ONLY) expect(checkInput(endpoint), id).toBeDefined();
    const ids = READ_ONLY.map((entry) => entry.id);
    expect(ids).toEqual(expect.arrayContaining(['streaming.listAvatars', 'account.userRemainingCoins', 'tts.anchorLanguageList', 'tts.anchorTtsList', 'imageToVideo.allRecords']));
    expect(ids).not.toContain('streaming.createToken');
  });

  it('is green against the Worker’s simulator through its proxy, calling only the read-only endpoints', async () => {
    const run = await runCheck({ A2E_API_KEY: ADMIN_TOKEN, A2E_BASE_URL: worker.url });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    for (const { endpoint } of READ_ONLY) expect(rowOf(run, endpoint.path)).toMatch(/ 200 +0 +ok$/);
    expect(run.stdout).not.toContain(streaming.createToken.path);
    expect(run.stdout).toMatch(new RegExp(`All ${READ_ONLY.length} calls answer as the catalogue says`));
  });

  it('with --streaming, opens one session, speaks, asks, leaves, confirms the leave and reports the two speaks', async () => {
    const run = await runCheck({ A2E_API_KEY: ADMIN_TOKEN, A2E_BASE_URL: worker.url }, ['--streaming']);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    for (const path of [streaming.createToken.path, streaming.setQaContext.path, streaming.ask.path, streaming.speak.path, streaming.leave.path]) {
      expect(rowOf(run, path)).toMatch(/ ok$/);
    }
    expect(rowOf(run, `${streaming.speak.path} (back to back, 2nd)`)).toMatch(/ ok$/);
    expect(rowOf(run, `${streaming.leave.path} (again: harmless)`)).toMatch(/ ok$/);
    expect(rowOf(run, `${streaming.speak.path} (after leave: refused)`)).toMatch(/refused, as expected$/);
    expect(run.stdout).toMatch(/A2E took both speaks sent back to back/);
    expect(run.stdout).not.toContain(streaming.getQaContext.path);
    expect(await openChannels(worker)).toBe(0);
  });

  it('is red (exit 1) against an upstream that drifts, naming the endpoint and the field', async () => {
    drifting.drifts.set(streaming.listAvatars.path, (reply) => ({
      ...reply,
      data: (reply.data as Record<string, unknown>[]).map(({ name: _name, ...avatar }) => avatar),
    }));
    drifting.drifts.set(catalogue.account.userRemainingCoins.path, (reply) => ({
      ...reply,
      data: { ...(reply.data as object), coins: '120' },
    }));
    const run = await runCheck({ A2E_API_KEY: ADMIN_TOKEN, A2E_BASE_URL: drifting.url });
    expect(run.code, run.stdout + run.stderr).toBe(1);
    expect(rowOf(run, streaming.listAvatars.path)).toMatch(/DIFFERS: missing \[\]\.name$/);
    expect(rowOf(run, catalogue.account.userRemainingCoins.path)).toMatch(/DIFFERS: mistyped coins \(expected number, got string\)$/);
    expect(rowOf(run, catalogue.tts.anchorLanguageList.path)).toMatch(/ ok$/);
    expect(run.stdout).toMatch(/2 of \d+ calls differ from the catalogue: GET \/api\/v1\/user\/remainingCoins, GET \/api\/v1\/streaming-avatar\/all_avatars/);
  });

  it('with --streaming, a drifting token reply makes it red and the room is still left', async () => {
    drifting.drifts.set(streaming.createToken.path, (reply) => ({
      ...reply,
      data: { ...(reply.data as object), uid: String((reply.data as { uid: number }).uid) },
    }));
    const run = await runCheck({ A2E_API_KEY: ADMIN_TOKEN, A2E_BASE_URL: drifting.url }, ['--streaming']);
    expect(run.code, run.stdout + run.stderr).toBe(1);
    expect(rowOf(run, streaming.createToken.path)).toMatch(/DIFFERS: mistyped uid \(expected number, got string\)$/);
    expect(rowOf(run, streaming.leave.path)).toMatch(/ ok$/);
    expect(await openChannels(worker)).toBe(0);
  });

  it('exits 1 when a reply differs even though the streaming steps after it cannot run', async () => {
    drifting.drifts.set(streaming.createToken.path, () => ({ code: 1001, msg: 'all hosts are occupied' }));
    const run = await runCheck({ A2E_API_KEY: ADMIN_TOKEN, A2E_BASE_URL: drifting.url }, ['--streaming']);
    expect(run.code, run.stdout + run.stderr).toBe(1);
    expect(rowOf(run, streaming.createToken.path)).toMatch(/1001 +DIFFERS: refused: all hosts are occupied$/);
    expect(rowOf(run, streaming.setQaContext.path)).toMatch(/not run: no room/);
  });

  it('exits 2 when it cannot run: no key, a key the upstream refuses, an upstream that does not answer', async () => {
    const noKey = await runCheck({ A2E_BASE_URL: worker.url });
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toMatch(/A2E_API_KEY is not set/);

    const wrongKey = await runCheck({ A2E_API_KEY: 'sk_not-the-admin-token', A2E_BASE_URL: worker.url });
    expect(wrongKey.code).toBe(2);
    expect(wrongKey.stderr).toMatch(/refused the key \(HTTP 401, code unauthorized/);

    // A2E may refuse a key with HTTP 200 and its own code 401.
    drifting.drifts.set(READ_ONLY[0]!.endpoint.path, () => ({ code: 401, msg: 'invalid token' }));
    const refusedInEnvelope = await runCheck({ A2E_API_KEY: ADMIN_TOKEN, A2E_BASE_URL: drifting.url });
    expect(refusedInEnvelope.code).toBe(2);
    expect(refusedInEnvelope.stderr).toMatch(/refused the key \(HTTP 200, code 401: invalid token\)/);

    const closed = await runCheck({ A2E_API_KEY: ADMIN_TOKEN, A2E_BASE_URL: `http://127.0.0.1:${await freePort()}` });
    expect(closed.code).toBe(2);
    expect(closed.stderr).toMatch(/cannot run: no reply from http:\/\/127\.0\.0\.1:\d+: ECONNREFUSED/);
  });

  it('never prints the key, not even when the upstream echoes it back', async () => {
    drifting.drifts.set(catalogue.tts.anchorLanguageList.path, (_reply, authorization) => ({ code: 40001, msg: `bad token: ${authorization}` }));
    drifting.drifts.set(catalogue.account.userRemainingCoins.path, (_reply, authorization) => ({ code: 40002, msg: `key ${authorization.slice(7)} is over quota` }));
    const run = await runCheck({ A2E_API_KEY: ADMIN_TOKEN, A2E_BASE_URL: drifting.url });
    expect(run.code).toBe(1);
    expect(rowOf(run, catalogue.account.userRemainingCoins.path)).toMatch(/refused: key \[redacted\] is over quota$/);
    expect(rowOf(run, catalogue.tts.anchorLanguageList.path)).toMatch(/refused: bad token: Bearer \[redacted\]$/);
    expect(outputs.length).toBeGreaterThan(10);
    for (const output of outputs) expect(output).not.toContain(ADMIN_TOKEN);
  });
});
