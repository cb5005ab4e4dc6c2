import { Agent, request } from 'node:http';

/**
 * Latency with sub-millisecond resolution (autocannon's histogram keeps whole milliseconds, too
 * coarse for a 2 ms budget): `count` requests over `concurrency` keep-alive connections, each
 * timed from write to the last byte of its reply.
 */
export interface TimedTarget {
  url: string;
  method: 'GET' | 'POST';
  /** Called per request, so a header (a client address) can vary. */
  headers: () => Record<string, string>;
  body?: string;
}

export interface TimedResult {
  latenciesMs: number[];
  seconds: number;
}

export async function timedRequests(target: TimedTarget, count: number, concurrency = 1): Promise<TimedResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const latenciesMs: number[] = [];
  let next = 0;
  const started = performance.now();
  const lane = async () => {
    while (next < count) {
      next++;
      latenciesMs.push(await once(target, agent));
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, lane));
  } finally {
    agent.destroy();
  }
  return { latenciesMs, seconds: (performance.now() - started) / 1000 };
}

function once(target: TimedTarget, agent: Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    const body = target.body === undefined ? undefined : Buffer.from(target.body);
    const headers = { ...target.headers(), ...(body ? { 'content-type': 'application/json', 'content-length': String(body.length) } : {}) };
    const started = performance.now();
    const req = request(target.url, { method: target.method, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const elapsed = performance.now() - started;
        const status = res.statusCode ?? 0;
        if (status >= 200 && status < 300) resolve(elapsed);
        else reject(new Error(`${target.method} ${target.url} answered ${status}: ${Buffer.concat(chunks).toString().slice(0, 300)}`));
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}
