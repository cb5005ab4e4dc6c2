import type { Endpoint } from '../../protocol/a2e-catalogue/index';

/** Where the check sends its calls, and with which key. */
export interface Target {
  baseUrl: string;
  key: string;
  timeoutMs: number;
}

/** What one call came back with. */
export interface Outcome {
  /** HTTP status; undefined when no reply came. */
  status?: number;
  /** A2E's `code` (0 is OK), or the broker's error code when a broker answered. */
  code?: number | string;
  data?: unknown;
  /** A2E's `msg` / `message`, or why the reply could not be read. */
  message?: string;
  /** Set when nothing answered (refused connection, DNS, timeout): the check cannot run. */
  unreachable?: string;
}

/**
 * One call of a catalogue endpoint: the input in the query (GET, DELETE) or as a JSON body, with
 * `Authorization: Bearer <key>`, and the reply read as A2E's envelope `{ code, data, msg }` (or a
 * broker's `{ error: { code, message } }`). Never throws: every failure is an Outcome.
 */
export async function callEndpoint(target: Target, endpoint: Endpoint, input: Record<string, unknown>): Promise<Outcome> {
  const url = new URL(target.baseUrl + endpoint.path);
  const inQuery = endpoint.method === 'GET' || endpoint.method === 'DELETE';
  if (inQuery) for (const [key, value] of Object.entries(input)) url.searchParams.set(key, String(value));
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, {
      method: endpoint.method,
      headers: {
        Authorization: `Bearer ${target.key}`,
        Accept: 'application/json',
        ...(inQuery ? {} : { 'Content-Type': 'application/json' }),
      },
      ...(inQuery ? {} : { body: JSON.stringify(input) }),
      signal: AbortSignal.timeout(target.timeoutMs),
    });
    text = await response.text();
  } catch (err) {
    return { unreachable: whyUnreachable(err, target.timeoutMs) };
  }
  return { status: response.status, ...readEnvelope(text) };
}

function readEnvelope(text: string): Omit<Outcome, 'status' | 'unreachable'> {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { message: 'the reply is not JSON' };
  }
  if (!isRecord(body)) return { message: 'the reply is not a JSON object' };
  if (isRecord(body.error)) {
    const { code, message } = body.error;
    return {
      ...(typeof code === 'string' ? { code } : {}),
      ...(typeof message === 'string' ? { message } : {}),
    };
  }
  const code = typeof body.code === 'string' && /^-?\d+$/.test(body.code) ? Number(body.code) : body.code;
  const message = [body.msg, body.message].find((m) => typeof m === 'string') as string | undefined;
  return {
    ...(typeof code === 'number' ? { code } : { message: 'the reply has no numeric `code`' }),
    data: body.data,
    ...(message !== undefined && code !== 0 ? { message } : {}),
  };
}

/** The cause of a failed fetch in a few words (undici hides it under `cause`). */
function whyUnreachable(err: unknown, timeoutMs: number): string {
  const name = (err as { name?: string }).name;
  if (name === 'TimeoutError' || name === 'AbortError') return `no reply within ${timeoutMs / 1000} s`;
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
