/**
 * A stand-in for A2E's streaming-avatar API written from shared/a2e-api.md alone: it shares none
 * of the catalogue's or the simulator's code, so a test against it fails when our code and our
 * own simulator share a wrong guess. It accepts only what that file documents (paths, methods,
 * the body fields, the 5 000-character context) and answers anything else with a non-zero `code`,
 * and it records every request it received, so a test can say exactly what reached A2E.
 */

export interface ReceivedCall {
  method: string;
  path: string;
  /** The JSON body as sent; undefined for a GET or a body that is not JSON. */
  body: unknown;
}

/** What the agora-token reply states about the room's expiry (seen; optional in A2E's reply). */
export interface StatedExpiry {
  expire_epoch_timestamp?: unknown;
  expire_date_UTC?: unknown;
}

const BASE = '/api/v1/streaming-avatar';
/** a2e-api.md, set-qa-context: the context is at most 5 000 characters. */
const CONTEXT_MAX = 5_000;

type Body = Record<string, unknown>;
type Handler = (body: Body) => Response;

/** Fields each documented POST takes: required ones, then optional ones (nothing else is allowed). */
const POST_FIELDS: Record<string, { required: string[]; optional: string[] }> = {
  'agora-token': { required: ['avatar_id'], optional: ['expire_seconds'] },
  'set-qa-context': { required: ['channel', 'text'], optional: [] },
  ask: { required: ['text', 'channel'], optional: [] },
  speak: { required: ['channel', 'text'], optional: [] },
  leave: { required: ['channel'], optional: [] },
};

export class DocumentedA2e {
  readonly calls: ReceivedCall[] = [];
  readonly avatarId = '65f0c0ffee0000000000a2e1';
  /** Added to the next agora-token replies. */
  expiry: StatedExpiry = {};
  /** The next call to this endpoint (e.g. 'set-qa-context') is refused once with a non-zero code. */
  refuseNext: string | undefined;
  readonly #key: string;
  readonly #channels = new Set<string>();

  constructor(key: string) {
    this.#key = key;
  }

  /** Upstream paths received, in order. */
  paths(): string[] {
    return this.calls.map((call) => call.path);
  }

  /** The bodies received on one endpoint ('leave', 'ask', ...). */
  bodiesOf(name: string): unknown[] {
    return this.calls.filter((call) => call.path === `${BASE}/${name}`).map((call) => call.body);
  }

  readonly fetch = async (request: Request): Promise<Response> => {
    const path = new URL(request.url).pathname;
    const text = request.method === 'GET' ? '' : await request.text();
    const body = parseJson(text);
    this.calls.push({ method: request.method, path, body });

    if (request.headers.get('Authorization') !== `Bearer ${this.#key}`) return refuse(401, 'invalid token', 401);
    const name = path.startsWith(`${BASE}/`) ? path.slice(BASE.length + 1) : undefined;
    if (request.method === 'GET' && name === 'all_avatars') return ok([{ _id: this.avatarId, name: 'Documented' }]);
    const fields = name === undefined || request.method !== 'POST' ? undefined : POST_FIELDS[name];
    if (!fields || !name) return refuse(404, `no such endpoint: ${request.method} ${path}`, 404);
    if (this.refuseNext === name) {
      this.refuseNext = undefined;
      return refuse(500, `${name} failed`);
    }
    if (!isRecord(body)) return refuse(400, 'the body must be a JSON object');
    const problem = fieldProblem(body, fields);
    if (problem) return refuse(400, problem);
    return this.#handlers[name]!(body);
  };

  readonly #handlers: Record<string, Handler> = {
    'agora-token': (body) => {
      if (body.avatar_id !== this.avatarId) return refuse(404, 'avatar not found');
      if (body.expire_seconds !== undefined && typeof body.expire_seconds !== 'number') return refuse(400, 'expire_seconds must be a number');
      const channel = `doc_${this.#channels.size + 1}_${crypto.randomUUID().slice(0, 8)}`;
      this.#channels.add(channel);
      return ok({ appId: 'documented-app-id', token: 'documented-token', channel, uid: 4242, ...this.expiry });
    },
    'set-qa-context': (body) => {
      if (typeof body.text !== 'string') return refuse(400, 'text must be a string');
      if (body.text.length > CONTEXT_MAX) return refuse(400, `text is longer than ${CONTEXT_MAX} characters`);
      return this.#inRoom(body, () => ok({}));
    },
    ask: (body) => this.#inRoom(body, () => (nonEmpty(body.text) ? ok({}) : refuse(400, 'text is required'))),
    speak: (body) => this.#inRoom(body, () => (nonEmpty(body.text) ? ok({}) : refuse(400, 'text is required'))),
    leave: (body) => this.#inRoom(body, () => ok({})),
  };

  #inRoom(body: Body, then: () => Response): Response {
    if (typeof body.channel !== 'string' || !this.#channels.has(body.channel)) return refuse(404, 'channel not found');
    return then();
  }
}

/** The first missing required field or undocumented field, if any. */
function fieldProblem(body: Body, fields: { required: string[]; optional: string[] }): string | undefined {
  const missing = fields.required.find((field) => body[field] === undefined);
  if (missing) return `${missing} is required`;
  const known = new Set([...fields.required, ...fields.optional]);
  const extra = Object.keys(body).find((field) => !known.has(field));
  return extra ? `${extra} is not a field of this endpoint` : undefined;
}

function ok(data: unknown): Response {
  return Response.json({ code: 0, data, trace_id: crypto.randomUUID() });
}

/** A2E's refusal: a non-zero code and a message, usually with HTTP 200. */
function refuse(code: number, msg: string, status = 200): Response {
  return Response.json({ code, msg }, { status });
}

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Body {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nonEmpty(value: unknown): boolean {
  return typeof value === 'string' && value.trim() !== '';
}
