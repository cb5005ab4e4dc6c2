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
  // The in-process simulator hands out upload URLs that must point back at this Worker
  // (worker/simulator/rest/uploads.ts); A2E itself never sees this header.
  if (config.mode === 'simulator') headers.set('X-A2e-Sim-Origin', new URL(request.url).origin);
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let answered = false;
  const startClock = () => {
    // A reply may come before the upload ends (an early refusal); no clock then.
    if (answered) return;
    timer = setTimeout(() => controller.abort(new TimeoutSignal()), config.upstreamTimeoutMs);
  };
  const body = request.method === 'GET' || request.method === 'HEAD' ? null : request.body;
  // The clock for the reply starts once the upload has been handed over whole, however long
  // a large upload takes; a failed upload aborts the call.
  const upload = body ? streamUpload(body, request.headers.get('Content-Length'), startClock, (err) => controller.abort(err)) : null;
  if (!upload) startClock();
  const init: RequestInit & { duplex?: 'half' } = {
    method: request.method,
    headers,
    redirect: 'manual',
    signal: controller.signal,
    ...(upload ? { body: upload, duplex: 'half' } : {}),
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
    answered = true;
    if (timer !== undefined) clearTimeout(timer);
  }
  if (upstream.status >= 500 && !isJson(upstream.headers.get('Content-Type'))) {
    // A gateway page in front of A2E, not an A2E reply: the caller gets the error shape. A2E's
    // own JSON replies, errors included, pass through untouched.
    await upstream.body?.cancel();
    if (upstream.status === 504) throw new ApiError(504, 'upstream_timeout', 'A2E timed out (504).');
    throw new ApiError(502, 'upstream_error', `A2E failed with HTTP ${upstream.status}.`);
  }
  const replyHeaders = new Headers();
  for (const [name, value] of upstream.headers) {
    if (!DROPPED_REPLY_HEADERS.has(name.toLowerCase())) replyHeaders.append(name, value);
  }
  replyHeaders.set('X-Request-Id', requestId);
  return new Response(upstream.body, { status: upstream.status, statusText: upstream.statusText, headers: replyHeaders });
}

/**
 * The request body, streamed on through a pipe that tells when the last byte has gone. A declared
 * Content-Length is kept (FixedLengthStream), so A2E sees the same framing the caller sent.
 */
function streamUpload(
  body: ReadableStream<Uint8Array>,
  contentLength: string | null,
  onDone: () => void,
  onError: (err: unknown) => void,
): ReadableStream<Uint8Array> {
  const length = Number(contentLength);
  // Both are workerd's native byte pipes: chunks never enter JavaScript, and backpressure holds.
  // (A JS TransformStream here held ~100 MB of a 50 MB chunked upload: bench/upload-memory.ts.)
  const pipe = contentLength !== null && Number.isSafeInteger(length) && length >= 0 ? new FixedLengthStream(length) : new IdentityTransformStream();
  body.pipeTo(pipe.writable).then(onDone, onError);
  return pipe.readable;
}

class TimeoutSignal extends Error {
  constructor() {
    super('upstream timeout');
    this.name = 'TimeoutSignal';
  }
}

function isJson(contentType: string | null): boolean {
  return /^application\/([\w.+-]*\+)?json\b/i.test(contentType ?? '');
}

function describe(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : 'non-error thrown';
}
