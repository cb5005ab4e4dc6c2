import type { Env } from '../env';
import { readConfig } from '../config';
import { ApiError } from '../errors';
import { A2E_CODE_HOSTS_BUSY } from '../catalogue/streaming-endpoints';
import { upstreamFetch } from './upstream-fetch';

export interface A2eEndpoint {
  method: 'GET' | 'POST';
  path: string;
}

export interface A2eCallOptions {
  /** Query parameters (GET). */
  query?: Record<string, string>;
  /** JSON body (POST). */
  body?: unknown;
  /**
   * Retry transient faults (network, timeout, HTTP 5xx, unreadable reply) with backoff. Only for
   * calls that are safe to repeat: reads and leave. A speak sent twice is said twice.
   */
  retry?: boolean;
}

/** Tries for a retried call, and the first pause between them (doubled each time, plus jitter). */
export const RETRY_ATTEMPTS = 3;
const RETRY_BASE_DELAY_MS = 200;
/** Seconds a client should wait after A2E says all its hosts are busy. */
export const HOSTS_BUSY_RETRY_AFTER_SECONDS = 15;

/**
 * Calls one A2E endpoint and returns the envelope's `data`. Every failure becomes an ApiError
 * with a public message: 504 for a timeout, 502 for everything else the upstream gets wrong.
 */
export async function callA2e(env: Env, endpoint: A2eEndpoint, options: A2eCallOptions = {}): Promise<unknown> {
  const attempts = options.retry ? RETRY_ATTEMPTS : 1;
  for (let attempt = 1; ; attempt++) {
    try {
      return await callOnce(env, endpoint, options);
    } catch (err) {
      const fault = err instanceof UpstreamFault ? err : undefined;
      if (!fault?.transient || attempt >= attempts) throw fault ? fault.error : err;
      await sleep(RETRY_BASE_DELAY_MS * 2 ** (attempt - 1) * (1 + Math.random() / 2));
    }
  }
}

/** An upstream failure, marked with whether trying again could help. */
class UpstreamFault extends Error {
  constructor(
    readonly error: ApiError,
    readonly transient: boolean,
  ) {
    super(error.message);
  }
}

async function callOnce(env: Env, endpoint: A2eEndpoint, options: A2eCallOptions): Promise<unknown> {
  const config = readConfig(env);
  const query = options.query ? `?${new URLSearchParams(options.query).toString()}` : '';
  const headers: Record<string, string> = { Authorization: `Bearer ${config.apiKey}`, Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';

  let response: Response;
  let text: string;
  try {
    // One signal covers the whole exchange, headers and body alike.
    const signal = AbortSignal.timeout(config.upstreamTimeoutMs);
    response = await upstreamFetch(env, endpoint.path + query, {
      method: endpoint.method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal,
    });
    text = await response.text();
  } catch (err) {
    if (isTimeout(err)) {
      logFault(endpoint, 'timeout');
      const seconds = Math.round(config.upstreamTimeoutMs / 100) / 10;
      throw new UpstreamFault(new ApiError(504, 'upstream_timeout', `A2E did not answer within ${seconds} s.`), true);
    }
    logFault(endpoint, 'network');
    throw new UpstreamFault(new ApiError(502, 'upstream_error', 'Could not reach A2E.'), true);
  }

  const envelope = parseEnvelope(text);
  if (envelope && envelope.code !== 0) {
    logFault(endpoint, `code ${envelope.code}`, response.status);
    // The simulator's fixed key is no secret (and a common word in its messages).
    const secrets = [config.mode === 'live' ? config.apiKey : undefined, env.SESSION_SECRET, env.ADMIN_TOKEN];
    throw new UpstreamFault(refusal(envelope, secrets), false);
  }
  if (!response.ok) {
    logFault(endpoint, 'http', response.status);
    const error = new ApiError(502, 'upstream_error', `A2E answered HTTP ${response.status}.`);
    throw new UpstreamFault(error, response.status >= 500 || response.status === 429);
  }
  if (!envelope) {
    logFault(endpoint, 'malformed', response.status);
    throw new UpstreamFault(new ApiError(502, 'upstream_error', 'A2E sent a reply the broker could not read.'), true);
  }
  return envelope.data;
}

interface Envelope {
  code: number;
  data: unknown;
  msg?: string;
}

/** `{ code, data, msg | message }`, or undefined when the text is not that. */
function parseEnvelope(text: string): Envelope | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  const code = typeof record.code === 'string' && /^-?\d+$/.test(record.code) ? Number(record.code) : record.code;
  if (typeof code !== 'number' || !Number.isInteger(code)) return undefined;
  const msg = typeof record.msg === 'string' ? record.msg : typeof record.message === 'string' ? record.message : undefined;
  return { code, data: record.data, msg };
}

function refusal(envelope: Envelope, secrets: (string | undefined)[]): ApiError {
  if (envelope.code === A2E_CODE_HOSTS_BUSY) {
    return new ApiError(502, 'upstream_busy', 'All of A2E’s avatar hosts are busy. Try again in a moment.', {
      'Retry-After': String(HOSTS_BUSY_RETRY_AFTER_SECONDS),
    });
  }
  const detail = envelope.msg ? `: ${sanitise(envelope.msg, secrets)}` : '.';
  const error = new ApiError(502, 'upstream_error', `A2E refused the request (code ${envelope.code})${detail}`);
  refusals.add(error);
  return error;
}

/** Errors that are A2E's verdict on the request itself (a non-zero code), not a fault of A2E. */
const refusals = new WeakSet<ApiError>();

/** Whether A2E answered, and refused what was asked (as opposed to failing to answer). */
export function isA2eRefusal(err: unknown): boolean {
  return err instanceof ApiError && refusals.has(err);
}

/**
 * A2E's message is shown to the visitor, so it must not carry anything of ours: no secret (an
 * upstream may echo what it was sent), no bearer token, no control characters, no essay.
 */
export function sanitise(message: string, secrets: (string | undefined)[]): string {
  let text = message;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) text = text.split(secret).join('[redacted]');
  }
  text = text
    .replace(/bearer\s+\S+/gi, 'Bearer [redacted]')
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .trim();
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}

/** AbortSignal.timeout() rejects with a DOMException named TimeoutError. */
function isTimeout(err: unknown): boolean {
  const name = typeof err === 'object' && err !== null && 'name' in err ? err.name : undefined;
  return name === 'TimeoutError' || name === 'AbortError';
}

/** One structured line per upstream fault: path and kind only, never a header or a body. */
function logFault(endpoint: A2eEndpoint, kind: string, status?: number): void {
  console.warn(JSON.stringify({ level: 'warn', upstream: endpoint.path, kind, status }));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
