import type {
  AskStreamEvents,
  AvatarsReply,
  ContextReply,
  CreateSessionReply,
  CreateSessionRequest,
  HealthReply,
  HeartbeatReply,
  InterruptReply,
  LeaveReply,
  TranscribeReply,
  UtteranceReply,
} from '../../protocol/broker-api';
import { A2eError } from './a2e-error';
import { readAnswerStream } from './answer-stream';

/** How an ask ended: the answer's text where the broker tells it, and whether an interrupt cut it. */
export interface AskOutcome {
  text?: string;
  interrupted?: boolean;
}

/** What the widget keeps of a session to call the broker on its behalf. */
export interface SessionHandle {
  sessionId: string;
  ticket: string;
}

/**
 * How calls carry their ticket. `simple` (the default): every call is a CORS-simple request, which
 * a browser sends at once, without a preflight round trip first: no header but a text/plain
 * Content-Type (the broker reads JSON whatever the label), the ticket in the body, POST rather
 * than PUT. `preflighted`: the ticket in `Authorization: Bearer` and JSON labelled as such, as
 * servers call the broker; the widget no longer uses it, the benchmarks measure it as "before".
 */
export type BrokerCallStyle = 'simple' | 'preflighted';

/** fetch() would send a string body as exactly this; saying it keeps every call's headers explicit. */
const SIMPLE_CONTENT_TYPE = 'text/plain;charset=UTF-8';

/** The broker's browser-facing API (DESIGN.md, "Broker API"); every failure is an A2eError. */
export class BrokerClient {
  readonly server: string;
  #lastSessionCallAt = Number.NEGATIVE_INFINITY;

  constructor(
    server: string,
    private readonly fetchImpl: typeof fetch = (...args) => fetch(...args),
    private readonly style: BrokerCallStyle = 'simple',
  ) {
    this.server = server.replace(/\/+$/, '');
  }

  /**
   * When the last session call that succeeded was sent (epoch ms): the broker counted it as
   * activity no earlier, so a heartbeat before another idle beat has passed would say nothing new.
   */
  get lastSessionCallAt(): number {
    return this.#lastSessionCallAt;
  }

  health(signal?: AbortSignal): Promise<HealthReply> {
    return this.#call('GET', '/health', undefined, undefined, signal);
  }

  avatars(signal?: AbortSignal): Promise<AvatarsReply> {
    return this.#call('GET', '/v1/avatars', undefined, undefined, signal);
  }

  createSession(request: CreateSessionRequest, signal?: AbortSignal): Promise<CreateSessionReply> {
    return this.#call('POST', '/v1/sessions', request, undefined, signal);
  }

  speak(session: SessionHandle, text: string): Promise<UtteranceReply> {
    return this.#call('POST', `${sessionPath(session)}/speak`, { text }, session.ticket);
  }

  /**
   * Asks, accepting the answer as a stream: a broker whose model answers streams it (each piece
   * to `onDelta` as the avatar is given it), one whose A2E answers replies JSON, as before.
   * (Accept is a CORS-safelisted header: the ask stays a simple request.)
   */
  async ask(session: SessionHandle, question: string, onDelta: (piece: string) => void = () => {}): Promise<AskOutcome> {
    const path = `${sessionPath(session)}/ask`;
    const res = await this.#fetch('POST', path, { question }, session.ticket, undefined, false, 'text/event-stream');
    if (!/^text\/event-stream/i.test(res.headers.get('content-type') ?? '')) return this.#json<UtteranceReply>(res, 'POST', path);
    const done: AskStreamEvents['done'] = await readAnswerStream(res, onDelta);
    return done;
  }

  interrupt(session: SessionHandle): Promise<InterruptReply> {
    return this.#call('POST', `${sessionPath(session)}/interrupt`, {}, session.ticket);
  }

  setContext(session: SessionHandle, context: string): Promise<ContextReply> {
    // PUT is not a CORS-simple method; the broker takes POST for the same thing.
    const method = this.style === 'simple' ? 'POST' : 'PUT';
    return this.#call(method, `${sessionPath(session)}/context`, { context }, session.ticket);
  }

  heartbeat(session: SessionHandle): Promise<HeartbeatReply> {
    return this.#call('POST', `${sessionPath(session)}/heartbeat`, {}, session.ticket);
  }

  leave(session: SessionHandle): Promise<LeaveReply> {
    // keepalive lets the request finish if the page goes away right after.
    return this.#call('POST', `${sessionPath(session)}/leave`, {}, session.ticket, undefined, true);
  }

  /** One utterance of the visitor's voice, as text; multipart so the browser sends it without a preflight. */
  transcribe(session: SessionHandle, audio: Blob): Promise<TranscribeReply> {
    const form = new FormData();
    form.set('file', audio, 'utterance');
    return this.#call('POST', `${sessionPath(session)}/transcribe`, form, session.ticket);
  }

  /**
   * Ends the session from a page that is going away. sendBeacon cannot set headers, so the ticket
   * travels in the body, as text/plain to stay a CORS-simple request (no preflight to lose).
   */
  beaconLeave(session: SessionHandle): boolean {
    const body = new Blob([JSON.stringify({ ticket: session.ticket })], { type: 'text/plain' });
    return navigator.sendBeacon(`${this.server}${sessionPath(session)}/leave`, body);
  }

  async #call<T>(method: string, path: string, body?: object, ticket?: string, signal?: AbortSignal, keepalive = false): Promise<T> {
    return this.#json<T>(await this.#fetch(method, path, body, ticket, signal, keepalive), method, path);
  }

  async #fetch(method: string, path: string, body?: object, ticket?: string, signal?: AbortSignal, keepalive = false, accept?: string): Promise<Response> {
    const carried = this.#carry(body, ticket);
    if (accept !== undefined) (carried.headers as Record<string, string>).accept = accept;
    const init: RequestInit = { method, keepalive, credentials: 'omit', ...carried };
    if (signal) init.signal = signal;
    const sentAt = Date.now();
    let res: Response;
    try {
      res = await this.fetchImpl(`${this.server}${path}`, init);
    } catch (err) {
      if (err instanceof DOMException && err.name === 'AbortError') throw err;
      if (await this.#refusesThisOrigin()) {
        throw new A2eError(
          'forbidden',
          `${this.server} does not accept calls from this page (${location.origin}): add this origin to the Worker's ALLOWED_ORIGINS.`,
        );
      }
      throw new A2eError('network', `Could not reach ${this.server}: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (!res.ok) throw await A2eError.fromResponse(res);
    if (ticket !== undefined) this.#lastSessionCallAt = Math.max(this.#lastSessionCallAt, sentAt);
    return res;
  }

  async #json<T>(res: Response, method: string, path: string): Promise<T> {
    try {
      return (await res.json()) as T;
    } catch {
      throw new A2eError('upstream_error', `The server sent an unreadable reply to ${method} ${path}.`, res.status);
    }
  }

  /** The headers and body of a call: the ticket rides in the body unless calls are `preflighted`. */
  #carry(body: object | undefined, ticket: string | undefined): Pick<RequestInit, 'headers' | 'body'> {
    const headers: Record<string, string> = {};
    // No call of the widget sends a ticket without a body; were one added, the header still works.
    const inHeader = ticket !== undefined && (this.style === 'preflighted' || body === undefined);
    if (inHeader) headers.authorization = `Bearer ${ticket}`;
    if (body === undefined) return { headers };
    if (body instanceof FormData) {
      if (ticket !== undefined && !inHeader) body.set('ticket', ticket);
      // multipart/form-data, its boundary set by the browser: a simple request too.
      return { headers, body };
    }
    headers['content-type'] = this.style === 'preflighted' ? 'application/json' : SIMPLE_CONTENT_TYPE;
    return { headers, body: JSON.stringify(ticket === undefined || inHeader ? body : { ...body, ticket }) };
  }

  /**
   * A browser reports a CORS refusal as the same bare TypeError as a network outage. A server on
   * another origin that still answers (a `no-cors` request, which the page may not read) but
   * whose broker answers this page cannot read is up and refusing this origin: the most common
   * set-up mistake, worth naming exactly. Asked only after a call has failed.
   */
  async #refusesThisOrigin(): Promise<boolean> {
    if (typeof location === 'undefined' || new URL(this.server, location.href).origin === location.origin) return false;
    const succeeds = (url: string, init: RequestInit) => this.fetchImpl(url, { credentials: 'omit', cache: 'no-store', ...init }).then(() => true, () => false);
    if (!(await succeeds(`${this.server}/health`, { mode: 'no-cors' }))) return false;
    return !(await succeeds(`${this.server}/v1/avatars`, {}));
  }
}

function sessionPath(session: SessionHandle): string {
  return `/v1/sessions/${encodeURIComponent(session.sessionId)}`;
}
