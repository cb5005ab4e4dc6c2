import { MAX_TEXT_LENGTH, type CreateSessionReply, type CreateSessionRequest, type SessionRtc } from '../../protocol/broker-api';
import {
  loadTransport as defaultLoadTransport,
  type AvatarTransport,
  type EndReason,
  type TransportEvents,
  type TransportFactory,
} from '../transports/transport';
import { A2eError } from './a2e-error';
import { ActivityTracker } from './activity-tracker';
import { backoffDelay, DEFAULT_RECONNECT, type BackoffPolicy } from './backoff';
import { BrokerClient } from './broker-client';
import { LIVE_STATES, READY_STATES, SessionStateMachine, type AvatarState, type StateChange } from './session-state';
import { TranscriptDedupe } from './transcript-dedupe';

type TransportKind = SessionRtc['transport'];

/** What the session tells its host (the element); the host turns these into DOM events and pixels. */
export interface SessionCallbacks {
  stateChange(change: StateChange): void;
  transcript(role: 'user' | 'avatar', text: string): void;
  error(error: A2eError): void;
  /** The avatar's media, or null when there is none any more. */
  stream(stream: MediaStream | null): void;
  firstFrame?(): void;
}

export interface SessionOptions {
  server: string;
  avatarId: string;
  context?: string;
  language?: string;
  joinTimeoutMs: number;
  /** Ends the session after this long without visitor activity; default: the broker's idleSeconds. */
  idleTimeoutMs?: number;
  reconnect?: BackoffPolicy;
  /** How long the transport may try to recover by itself before the session rejoins. */
  reconnectGraceMs?: number;
}

/** Seams for tests: everything that reaches out of the page. */
export interface SessionDeps {
  fetch?: typeof fetch;
  loadTransport?: (kind: TransportKind) => Promise<TransportFactory>;
}

interface Live extends CreateSessionReply {
  transport?: AvatarTransport;
}

/**
 * One avatar conversation's life: the broker session, the transport, and the timers that keep
 * it from burning money (heartbeat while the visitor is active, idle end, expiry, page hide).
 * Owns the state machine; maps transport events to public states in `#transportEvents`, the
 * one place a change in the carrier touches. connect() after an end makes a new session.
 */
export class AvatarSession {
  readonly #machine: SessionStateMachine;
  readonly #activity = new ActivityTracker();
  readonly #dedupe = new TranscriptDedupe();
  readonly #loadTransport: (kind: TransportKind) => Promise<TransportFactory>;
  readonly #fetch: typeof fetch | undefined;
  #options: SessionOptions | undefined;
  #broker: BrokerClient | undefined;
  #live: Live | undefined;
  /** Bumped at every start and end, so callbacks of an older session are ignored. */
  #generation = 0;
  #abort: AbortController | undefined;
  #timers = new Set<ReturnType<typeof setTimeout>>();
  #connecting: Promise<void> | undefined;
  #ending: Promise<void> | undefined;
  #kindHint: Promise<TransportKind | undefined> | undefined;
  readonly #onPageHide = () => this.#pageHidden();

  constructor(
    private readonly callbacks: SessionCallbacks,
    deps: SessionDeps = {},
  ) {
    this.#machine = new SessionStateMachine((change) => callbacks.stateChange(change));
    this.#loadTransport = deps.loadTransport ?? defaultLoadTransport;
    this.#fetch = deps.fetch;
  }

  get state(): AvatarState {
    return this.#machine.state;
  }

  get reason(): EndReason | undefined {
    return this.#machine.reason;
  }

  get sessionId(): string | undefined {
    return this.#live?.sessionId;
  }

  /** When the live session ends upstream (ISO 8601; a heartbeat may move it); undefined when there is none. */
  get expiresAt(): string | undefined {
    return this.#live?.expiresAt;
  }

  /** Where the transport kind is known before connecting (from GET /v1/avatars), its code can load early. */
  hintTransport(kind: Promise<TransportKind | undefined>): void {
    this.#kindHint = kind;
  }

  /** Marks the visitor as active (typing, talking, clicking inside the element). */
  touch(): void {
    this.#activity.touch();
  }

  connect(options: SessionOptions): Promise<void> {
    if (this.#connecting) return this.#connecting;
    if (LIVE_STATES.has(this.state)) return Promise.resolve();
    if (!options.server) return Promise.reject(this.#fail(new A2eError('missing_attribute', 'Set the server attribute to your broker URL.')));
    if (!options.avatarId) return Promise.reject(this.#fail(new A2eError('missing_attribute', 'Set the avatar-id attribute.')));
    this.#options = options;
    this.#broker = new BrokerClient(options.server, this.#fetch);
    const connecting = this.#connect(options, this.#broker).finally(() => {
      if (this.#connecting === connecting) this.#connecting = undefined;
    });
    this.#connecting = connecting;
    return connecting;
  }

  async #connect(options: SessionOptions, broker: BrokerClient): Promise<void> {
    const generation = ++this.#generation;
    this.#abort = new AbortController();
    this.#machine.to('connecting');
    // The transport's code (Agora's SDK is ~430 KB) downloads while the broker mints the session.
    const guess = this.#guessKind().then((kind) => ({ kind, factory: this.#loadTransport(kind) }));
    guess.then(({ factory }) => factory).catch(() => {});
    try {
      const request: CreateSessionRequest = { avatarId: options.avatarId };
      if (options.context) request.context = options.context;
      if (options.language) request.language = options.language;
      // Not aborted by disconnect(): a session the broker made must be seen, to be ended.
      const reply = await broker.createSession(request);
      if (generation !== this.#generation) {
        // disconnect() came while the session was being made: end it at once.
        void broker.leave(reply).catch(() => broker.beaconLeave(reply));
        return;
      }
      this.#live = { ...reply };
      // From here a session costs money: make sure a closing tab ends it.
      window.addEventListener('pagehide', this.#onPageHide);
      const loaded = await guess;
      const factory = loaded.kind === reply.rtc.transport ? await loaded.factory : await this.#loadTransport(reply.rtc.transport);
      if (generation !== this.#generation) return;
      await this.#join(factory, generation);
      if (generation !== this.#generation) return;
      this.#activity.start();
      this.#machine.to('connected');
      this.#startTimers(generation);
    } catch (err) {
      if (generation !== this.#generation) return; // ended meanwhile; that end already reported
      const error = A2eError.from(err);
      await this.#end('error', reasonFor(error), error);
      throw error;
    }
  }

  async #join(factory: TransportFactory, generation: number): Promise<void> {
    const live = this.#live!;
    const transport = factory();
    live.transport = transport;
    const options = { server: this.#broker!.server, joinTimeoutMs: this.#options!.joinTimeoutMs, events: this.#transportEvents(generation, transport) };
    await transport.join(live.rtc, this.#abort ? { ...options, signal: this.#abort.signal } : options);
  }

  /** The one place where what the carrier reports becomes public state. */
  #transportEvents(generation: number, transport: AvatarTransport): TransportEvents {
    const current = () => generation === this.#generation && this.#live?.transport === transport;
    let graceTimer: ReturnType<typeof setTimeout> | undefined;
    return {
      stream: (stream) => current() && this.callbacks.stream(stream),
      firstFrame: () => current() && this.callbacks.firstFrame?.(),
      speaking: (speaking) => {
        if (!current()) return;
        if (speaking) this.#activity.touch(); // a visitor listening to a long answer is not idle
        if (speaking && this.state === 'connected') this.#machine.to('speaking');
        if (!speaking && this.state === 'speaking') this.#machine.to('connected');
      },
      avatarText: (text) => {
        if (current() && this.#dedupe.offer('transport', text)) this.callbacks.transcript('avatar', text);
      },
      connection: (state) => {
        if (!current()) return;
        if (state === 'reconnecting') {
          this.#machine.to('reconnecting', 'network');
          // Agora retries silently for minutes; past the grace period the session rejoins itself.
          clearTimeout(graceTimer);
          graceTimer = this.#after(this.#options!.reconnectGraceMs ?? 10_000, () => {
            if (current() && this.state === 'reconnecting') void this.#rejoin(generation);
          });
        } else {
          clearTimeout(graceTimer);
          if (this.state === 'reconnecting') this.#machine.to('connected');
        }
      },
      ended: (reason, message) => {
        if (!current()) return;
        clearTimeout(graceTimer);
        if (reason === 'client') return; // our own leave
        if (reason === 'network') {
          void this.#rejoin(generation);
          return;
        }
        if (reason === 'upstream') {
          void this.#end('error', reason, new A2eError('session_ended', message ?? 'The avatar service ended the session.'));
        } else {
          void this.#end('disconnected', reason);
        }
      },
      tokenExpiring: () => {},
    };
  }

  /** A dropped connection: rejoin the same room with bounded backoff, then give up cleanly. */
  async #rejoin(generation: number): Promise<void> {
    const live = this.#live;
    if (!live || generation !== this.#generation) return;
    this.#machine.to('reconnecting', 'network');
    const old = live.transport;
    live.transport = undefined;
    this.callbacks.stream(null);
    await old?.leave().catch(() => {});
    const policy = this.#options!.reconnect ?? DEFAULT_RECONNECT;
    for (let attempt = 0; attempt < policy.attempts; attempt++) {
      await new Promise<void>((resolve) => this.#after(backoffDelay(policy, attempt), resolve));
      if (generation !== this.#generation) return;
      try {
        await this.#join(await this.#loadTransport(live.rtc.transport), generation);
        if (generation !== this.#generation) return;
        this.#machine.to('connected');
        return;
      } catch (err) {
        if (generation !== this.#generation) return;
        // #join set it before failing (TypeScript cannot see through the call).
        const failed = live.transport as AvatarTransport | undefined;
        live.transport = undefined;
        await failed?.leave().catch(() => {});
        const error = A2eError.from(err);
        // The room is gone for good: no point trying again.
        if (error.code === 'session_ended' || error.code === 'unauthorized') break;
      }
    }
    if (generation !== this.#generation) return;
    await this.#end('error', 'network', new A2eError('network', 'The connection to the avatar dropped and could not be restored.'));
  }

  async speak(text: string): Promise<void> {
    const live = this.#requireReady(text);
    this.#activity.touch();
    const reply = await this.#command(() => this.#broker!.speak(live, text));
    // The avatar says exactly this text, so show it even where neither source tells it.
    const said = reply.text ?? text;
    if (this.#dedupe.offer('reply', said)) this.callbacks.transcript('avatar', said);
  }

  async ask(question: string): Promise<void> {
    const live = this.#requireReady(question);
    this.#activity.touch();
    this.callbacks.transcript('user', question);
    const reply = await this.#command(() => this.#broker!.ask(live, question));
    if (reply.text && this.#dedupe.offer('reply', reply.text)) this.callbacks.transcript('avatar', reply.text);
  }

  async setContext(context: string): Promise<void> {
    const live = this.#requireReady();
    await this.#command(() => this.#broker!.setContext(live, context));
  }

  /** Cuts the avatar short; resolves false where the carrier cannot. */
  async interrupt(): Promise<boolean> {
    const live = this.#requireReady();
    const done = (await live.transport?.interrupt()) ?? false;
    if (done && this.state === 'speaking') this.#machine.to('connected');
    return done;
  }

  /** Ends the session at the broker and leaves the room; idempotent. */
  disconnect(reason: EndReason = 'client'): Promise<void> {
    if (!LIVE_STATES.has(this.state)) return this.#ending ?? Promise.resolve();
    return this.#end('disconnected', reason);
  }

  #requireReady(text?: string): Live {
    if (!this.#live || !READY_STATES.has(this.state)) {
      throw this.#fail(new A2eError('not_connected', `The avatar is not connected (state: ${this.state}). Call connect() first.`));
    }
    if (text !== undefined && !text.trim()) throw this.#fail(new A2eError('bad_request', 'The text is empty.'));
    if (text !== undefined && text.length > MAX_TEXT_LENGTH) {
      throw this.#fail(new A2eError('payload_too_large', `The text is longer than ${MAX_TEXT_LENGTH} characters.`));
    }
    return this.#live;
  }

  /** Runs a broker command; a session the broker no longer knows ends here, with the reason. */
  async #command<T>(call: () => Promise<T>): Promise<T> {
    const generation = this.#generation;
    try {
      return await call();
    } catch (err) {
      const error = A2eError.from(err);
      if (generation === this.#generation && endsSession(error)) {
        await this.#end('error', 'expired', error);
      } else {
        this.callbacks.error(error);
      }
      throw error;
    }
  }

  #fail(error: A2eError): A2eError {
    this.callbacks.error(error);
    return error;
  }

  async #guessKind(): Promise<TransportKind> {
    try {
      return (await this.#kindHint) ?? 'agora';
    } catch {
      return 'agora';
    }
  }

  #startTimers(generation: number): void {
    const live = this.#live!;
    const idleSeconds = Math.max(live.idleSeconds, 3);
    const idleMs = this.#options!.idleTimeoutMs ?? idleSeconds * 1000;
    // Heartbeat only for someone who is there and can see the avatar: an absent visitor's session should lapse.
    const heartbeat = () => {
      if (generation !== this.#generation) return;
      const present = this.#activity.idleFor() < idleSeconds * 1000 && document.visibilityState === 'visible';
      if (present) {
        this.#broker!.heartbeat(live).then(
          (reply) => {
            if (generation !== this.#generation) return;
            live.expiresAt = reply.expiresAt;
            scheduleExpiry();
          },
          (err: unknown) => {
            const error = A2eError.from(err);
            if (generation === this.#generation && endsSession(error)) void this.#end('disconnected', 'expired');
          },
        );
      }
      this.#after((idleSeconds * 1000) / 3, heartbeat);
    };
    this.#after((idleSeconds * 1000) / 3, heartbeat);

    const idleCheck = () => {
      if (generation !== this.#generation) return;
      const left = idleMs - this.#activity.idleFor();
      if (left <= 0) void this.#end('disconnected', 'idle');
      else this.#after(left, idleCheck);
    };
    this.#after(idleMs, idleCheck);

    let expiryTimer: ReturnType<typeof setTimeout> | undefined;
    const scheduleExpiry = () => {
      if (expiryTimer !== undefined) {
        clearTimeout(expiryTimer);
        this.#timers.delete(expiryTimer);
      }
      const left = Date.parse(live.expiresAt) - Date.now();
      if (Number.isFinite(left)) expiryTimer = this.#after(Math.max(0, left), () => void this.#end('disconnected', 'expired'));
    };
    scheduleExpiry();
  }

  #after(ms: number, fn: () => void): ReturnType<typeof setTimeout> {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      fn();
    }, ms);
    this.#timers.add(timer);
    return timer;
  }

  #pageHidden(): void {
    if (!this.#live) return;
    // fetch may not finish while the page unloads; a beacon does.
    void this.#end('disconnected', 'client', undefined, true);
  }

  /** Tears everything down once; the last step is the public state change. */
  #end(state: 'disconnected' | 'error', reason: EndReason, error?: A2eError, viaBeacon = false): Promise<void> {
    this.#generation++;
    this.#connecting = undefined;
    this.#abort?.abort();
    this.#abort = undefined;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    this.#activity.stop();
    window.removeEventListener('pagehide', this.#onPageHide);
    const live = this.#live;
    this.#live = undefined;
    const broker = this.#broker;
    this.callbacks.stream(null);
    const ending = (async () => {
      await Promise.all([
        live?.transport?.leave().catch(() => {}),
        live && broker ? (viaBeacon ? broker.beaconLeave(live) : broker.leave(live).catch(() => broker.beaconLeave(live))) : undefined,
      ]);
    })();
    this.#ending = ending;
    this.#machine.to(state, reason);
    if (error) this.callbacks.error(error);
    return ending;
  }
}

function endsSession(error: A2eError): boolean {
  return error.code === 'session_ended' || error.status === 404 || error.status === 410 || error.status === 401;
}

function reasonFor(error: A2eError): EndReason {
  if (error.code === 'network' || error.code === 'join_timeout') return 'network';
  return 'upstream';
}
