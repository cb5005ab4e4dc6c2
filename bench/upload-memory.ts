import { startWorker } from '../e2e/worker-server.ts';
import { fixed, median, mib } from './lib/stats.ts';
import type { BenchResult } from './lib/result.ts';
import { startUpstreamSink } from './lib/upstream-sink.ts';
import { rssBytes, sampleRss, workerdProcesses } from './lib/workerd-memory.ts';

/**
 * A 50 MB upload through the admin proxy: the Worker must stream it, so the memory of its
 * process stays flat. The Worker runs in live mode against a loopback sink that plays A2E (the
 * proxy's real path: a network fetch with the body as a stream); the sink counts the bytes, so
 * the figure is only taken for an upload that arrived whole.
 */
const ADMIN_TOKEN = 'bench-admin-token';
/** A catalogued POST path; the sink answers any path. */
const UPLOAD_PATH = '/api/v1/tos/upload';
const CHUNK = 64 * 1024;
const GOAL_BYTES = 10 * 1024 * 1024;

export interface UploadOptions {
  sizeBytes: number;
  runs: number;
}

interface UploadRun {
  seconds: number;
  /** Peak RSS above idle, over both workerd processes, in bytes. */
  growth: number;
  /** Peak RSS above idle of the process that runs the Worker (not wrangler's proxy). */
  workerGrowth: number;
}

export async function measureUploadMemory({ sizeBytes, runs }: UploadOptions): Promise<BenchResult> {
  const sink = await startUpstreamSink();
  const worker = await startWorker({ A2E_API_KEY: 'bench-upstream-key', A2E_BASE_URL: sink.url, ADMIN_TOKEN });
  try {
    const processes = workerdProcesses(worker.port);
    const pids = processes.map((p) => p.pid);
    const workerPid = processes.find((p) => !p.listener)?.pid ?? pids[0]!;
    // Warm up: the first requests compile the Worker and fill caches; idle is measured after.
    for (let i = 0; i < 3; i++) await upload(worker.url, 256 * 1024);
    await settle();
    const idle = new Map(pids.map((pid) => [pid, rssBytes(pid)]));
    const idleTotal = [...idle.values()].reduce((a, b) => a + b, 0);

    const results: UploadRun[] = [];
    for (let run = 0; run < runs; run++) {
      const sampler = sampleRss(pids);
      const started = performance.now();
      await upload(worker.url, sizeBytes);
      const seconds = (performance.now() - started) / 1000;
      const { peaks, peakTotal } = sampler.stop();
      results.push({
        seconds,
        growth: peakTotal - idleTotal,
        workerGrowth: peaks.get(workerPid)! - idle.get(workerPid)!,
      });
      await settle();
    }
    return report(sizeBytes, idleTotal, results);
  } finally {
    await worker.stop();
    await sink.close();
  }
}

/** Streams `size` bytes through the proxy and checks that all of them reached the upstream. */
async function upload(base: string, size: number): Promise<void> {
  let sent = 0;
  const chunk = new Uint8Array(CHUNK).fill(0x61);
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= size) return controller.close();
      const part = Math.min(CHUNK, size - sent);
      controller.enqueue(part === CHUNK ? chunk.slice() : chunk.subarray(0, part).slice());
      sent += part;
    },
  });
  const res = await fetch(base + UPLOAD_PATH, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/octet-stream' },
    body,
    duplex: 'half',
  } as RequestInit);
  const text = await res.text();
  if (!res.ok) throw new Error(`upload through the proxy answered ${res.status}: ${text.slice(0, 300)}`);
  const received = (JSON.parse(text) as { data?: { received?: number } }).data?.received;
  if (received !== size) throw new Error(`the upstream received ${received} of ${size} bytes`);
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 500));

function report(size: number, idle: number, runs: UploadRun[]): BenchResult {
  const growth = median(runs.map((r) => r.growth));
  const worst = Math.max(...runs.map((r) => r.growth));
  const workerGrowth = median(runs.map((r) => r.workerGrowth));
  const throughput = median(runs.map((r) => size / r.seconds));
  const met = worst <= GOAL_BYTES;
  const lines = [
    `A ${mib(size)} body streamed by Node's fetch through \`POST ${UPLOAD_PATH}\` (admin token) to a`,
    'loopback sink playing A2E (the Worker in live mode, so the proxy forwards over the network as in',
    'production). RSS of both workerd processes of `wrangler dev` (its proxy and the Worker) sampled',
    `every 10 ms from /proc; idle is after three warm-up uploads. ${runs.length} uploads.`,
    '',
    `| | median | worst |`,
    `| --- | --- | --- |`,
    `| RSS above idle, both workerd processes | ${mib(growth)} | ${mib(worst)} |`,
    `| RSS above idle, the Worker's process | ${mib(workerGrowth)} | ${mib(Math.max(...runs.map((r) => r.workerGrowth)))} |`,
    `| idle RSS, both processes | ${mib(idle)} | |`,
    `| upload throughput | ${fixed(throughput / 1024 ** 2)} MB/s | |`,
  ];
  if (!met) {
    lines.push(
      '',
      `Short of the goal: the worst peak is ${mib(worst)} above idle, ${fixed((worst / size) * 100, 0)}% of the body's size (a buffered`,
      'body would add at least its whole size), so the body streams; what grows is the I/O buffering of',
      "wrangler's proxy and the Worker's process while bytes flow, and memory the allocator keeps afterwards.",
    );
  }
  return {
    rows: [{ what: `${mib(size)} upload through the admin proxy: peak RSS above idle`, goal: '≤ 10 MB', measured: `${mib(growth)} (worst ${mib(worst)})`, met }],
    details: lines.join('\n'),
  };
}
