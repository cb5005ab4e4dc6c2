import autocannon from 'autocannon';

/** Requests per second at saturation, with autocannon (latency in whole milliseconds). */
export interface LoadTarget {
  url: string;
  method: 'GET' | 'POST';
  headers: () => Record<string, string>;
  body?: string;
}

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  failed: number;
  total: number;
}

export async function saturate(target: LoadTarget, seconds: number, connections: number): Promise<LoadResult> {
  const base = { 'content-type': 'application/json' };
  const result = await autocannon({
    url: target.url,
    connections,
    duration: seconds,
    requests: [
      {
        method: target.method,
        body: target.body,
        // Per request, so a varying header (a client address) is fresh each time.
        setupRequest: (req) => ({ ...req, headers: { ...base, ...target.headers() } }),
      },
    ],
  });
  return {
    requestsPerSecond: result['2xx'] / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    failed: result.non2xx + result.errors + result.timeouts,
    total: result.requests.total,
  };
}
