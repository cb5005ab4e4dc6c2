import type { CreateSessionReply, ErrorBody, SessionRtc } from '../../protocol/broker-api';

export interface BrokerCall {
  method: string;
  path: string;
  body: unknown;
  authorization: string | null;
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
    this.on('PUT /v1/sessions/:id/context', (call) => json(call.body));
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
    const call: BrokerCall = {
      method: init?.method ?? 'GET',
      path: url.pathname,
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
      authorization: headers.get('authorization'),
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
