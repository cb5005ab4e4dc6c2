import type { CreateSessionReply, ErrorBody, SessionRtc } from '../../protocol/broker-api';

export interface BrokerCall {
  method: string;
  path: string;
  body: unknown;
  authorization: string | null;
  /** The session ticket, wherever it travelled; `body` is what is left of the body without it. */
  ticket: string | undefined;
  ticketIn: 'header' | 'body' | 'query' | undefined;
  /** Whether a browser would send this cross-origin without a CORS preflight. */
  simple: boolean;
}

/** The Fetch standard's CORS-safelisted Content-Types (the only ones a simple request may carry). */
const SIMPLE_TYPES = ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data'];

/** What makes a browser send a preflight first: another method, any non-safelisted header or Content-Type. */
function isSimple(method: string, headers: Headers): boolean {
  if (!['GET', 'HEAD', 'POST'].includes(method)) return false;
  for (const [name, value] of headers) {
    // Accept is CORS-safelisted (a short value without unsafe bytes): a model's streamed ask asks for text/event-stream.
    if (name === 'accept' && value.length <= 128 && !/["():<>?@[\\\]{}\u0000-\u0008\u000a-\u001f\u007f]/.test(value)) continue;
    if (name !== 'content-type') return false;
    if (!SIMPLE_TYPES.includes(value.split(';')[0]!.trim().toLowerCase())) return false;
  }
  return true;
}

type Route = (call: BrokerCall) => Response | Promise<Response>;

/**
 * A broker for unit tests: answers the routes of DESIGN.md from memory and records every call,
 * so tests can assert what the widget sent (the real Worker is exercised by the e2e tests).
 */
export class FakeBroker {
  readonly calls: BrokerCall[] = [];
  readonly routes = new Map<string, Route>();
  sessions = 0;
  rtc: SessionRtc = { transport: 'simulator', appId: 'sim', channel: 'room', token: 't', uid: 1, roomUrl: '/sim/rooms/room' };
  idleSeconds = 120;
  answer = 'We open at nine.';
  /**
   * Called with `answer` on every ask: A2E's reply to ask carries no answer, the avatar sends it
   * into the room; a test hands it to its fake transport here.
   */
  answered: ((answer: string) => void) | undefined;

  constructor(readonly server = 'https://broker.test') {
    this.on('GET /health', () => json({ ok: true, mode: 'simulator', brain: 'a2e', stt: false }));
    this.on('GET /v1/avatars', () =>
      json({ avatars: [{ id: 'ava', name: 'Ava', previewImageUrl: 'data:image/gif;base64,R0lGODlhAQABAAAAACw=' }], transport: this.rtc.transport }),
    );
    this.on('POST /v1/sessions', () => {
      this.sessions++;
      const reply: CreateSessionReply = {
        sessionId: `s${this.sessions}`,
        ticket: `ticket-${this.sessions}`,
        expiresAt: new Date(Date.now() + 600_000).toISOString(),
        idleSeconds: this.idleSeconds,
        rtc: this.rtc,
      };
      return json(reply, 201);
    });
    this.on('POST /v1/sessions/:id/speak', (call) => json({ ok: true, text: (call.body as { text: string }).text }));
    this.on('POST /v1/sessions/:id/ask', () => {
      this.answered?.(this.answer);
      return json({ ok: true });
    });
    this.on('PUT /v1/sessions/:id/context', (call) => json({ context: (call.body as { context: string }).context }));
    this.on('POST /v1/sessions/:id/context', (call) => json({ context: (call.body as { context: string }).context }));
    this.on('POST /v1/sessions/:id/heartbeat', () => json({ ok: true, expiresAt: new Date(Date.now() + 600_000).toISOString() }));
    this.on('POST /v1/sessions/:id/leave', () => json({ ok: true, state: 'ended' }));
  }

  on(route: string, handler: Route): void {
    this.routes.set(route, handler);
  }

  callsTo(route: string): BrokerCall[] {
    return this.calls.filter((call) => routeKey(call) === route);
  }

  readonly fetch: typeof fetch = async (input, init) => {
    const url = new URL(String(input));
    const headers = new Headers(init?.headers);
    const method = init?.method ?? 'GET';
    const sent: unknown = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
    // As the broker does: the ticket is read from the body, the route sees the rest.
    const { ticket: inBody, ...body } = (sent ?? {}) as { ticket?: string };
    const authorization = headers.get('authorization');
    const inQuery = url.searchParams.get('ticket') ?? undefined;
    const call: BrokerCall = {
      method,
      path: url.pathname,
      body: sent === undefined ? undefined : body,
      authorization,
      ticket: authorization?.replace(/^Bearer /, '') ?? inBody ?? inQuery,
      ticketIn: authorization ? 'header' : inBody ? 'body' : inQuery ? 'query' : undefined,
      simple: isSimple(method, headers),
    };
    this.calls.push(call);
    const handler = this.routes.get(routeKey(call));
    return handler ? handler(call) : errorReply(404, 'not_found', 'no route');
  };
}

function routeKey(call: BrokerCall): string {
  return `${call.method} ${call.path.replace(/^\/v1\/sessions\/[^/]+\//, '/v1/sessions/:id/')}`;
}

export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

export function errorReply(status: number, code: ErrorBody['error']['code'], message: string): Response {
  return json({ error: { code, message, requestId: 'req-1' } }, status);
}
