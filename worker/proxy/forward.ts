import type { Env } from '../env';
import { readConfig } from '../config';
import { ApiError } from '../errors';
import { upstreamFetch } from '../upstream/upstream-fetch';

/** Request headers that describe this hop, the caller or the Worker, not the call: never forwarded. */
const DROPPED_REQUEST_HEADERS = new Set([
  'authorization',
  'host',
  'cookie',
  'connection',
  'keep-alive',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'x-real-ip',
]);
const DROPPED_REPLY_HEADERS = new Set(['set-cookie', 'connection', 'keep-alive', 'transfer-encoding']);

/**
 * Forwards one admin call to A2E: same method, path, query and body, the A2E key in place of the
 * admin token. Bodies stream both ways (never read whole). The timeout bounds the wait for the
 * reply's headers only, so a 50 MB upload or download is not cut short by it.
 */
export async function forwardToA2E(env: Env, request: Request, pathAndQuery: string, requestId: string): Promise<Response> {
  const config = readConfig(env);
  const headers = new Headers();
  for (const [name, value] of request.headers) {
    const lower = name.toLowerCase();
    if (DROPPED_REQUEST_HEADERS.has(lower) || lower.startsWith('cf-') || lower.startsWith('x-forwarded-')) continue;
    headers.set(name, value);
  }
  headers.set('Authorization', `Bearer ${config.apiKey}`);
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD' && request.body !== null;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new TimeoutSignal()), config.upstreamTimeoutMs);
  const init: RequestInit & { duplex?: 'half' } = {
    method: request.method,
    headers,
    redirect: 'manual',
    signal: controller.signal,
    ...(hasBody ? { body: request.body, duplex: 'half' } : {}),
  };
  let upstream: Response;
  try {
    upstream = await upstreamFetch(env, pathAndQuery, init);
  } catch (err) {
    if (controller.signal.aborted && controller.signal.reason instanceof TimeoutSignal) {
      throw new ApiError(504, 'upstream_timeout', `A2E did not answer within ${config.upstreamTimeoutMs} ms.`);
    }
    console.error(JSON.stringify({ level: 'error', event: 'admin_upstream_error', requestId, error: describe(err).replaceAll(config.apiKey, '[key]') }));
    throw new ApiError(502, 'upstream_error', 'A2E could not be reached.');
  } finally {
    clearTimeout(timer);
  }
  const replyHeaders = new Headers();
  for (const [name, value] of upstream.headers) {
    if (!DROPPED_REPLY_HEADERS.has(name.toLowerCase())) replyHeaders.append(name, value);
  }
  replyHeaders.set('X-Request-Id', requestId);
  return new Response(upstream.body, { status: upstream.status, statusText: upstream.statusText, headers: replyHeaders });
}

class TimeoutSignal extends Error {
  constructor() {
    super('upstream timeout');
    this.name = 'TimeoutSignal';
  }
}

function describe(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : 'non-error thrown';
}
