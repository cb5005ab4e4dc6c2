import type { CreateSessionRequest } from '../../protocol/broker-api';
import {
  loadTransport as defaultLoadTransport,
  type AvatarTransport,
  type EndReason,
  type TransportEvents,
  type TransportFactory,
} from '../transports/transport';
import { A2eError } from './a2e-error';
import { ActivityTracker } from './activity-tracker';
import { DEFAULT_RECONNECT } from './backoff';
import { BrokerClient } from './broker-client';
import { defaultBrain } from './broker-health';
import { rejoinWithBackoff } from './rejoin';
import { reasonFor } from './session-errors';
import { SessionCommands, type LiveSession } from './session-commands';
import { LIVE_STATES, SessionStateMachine, type AvatarState } from './session-state';
import { startLiveTimers, TimerSet } from './session-timers';
import type { SessionCallbacks, SessionDeps, SessionOptions, TransportKind } from './session-types';
import { TranscriptFeed } from './transcript-feed';
import { mapTransportEvents } from './transport-events';

export type { SessionCallbacks, SessionDeps, SessionOptions } from './session-types';


/**
 * One avatar conversation's life: the broker session, the transport, and the timers that keep
 * it from burning money (session-timers.ts; and the page hide). Owns the state machine; what
 * the transport reports becomes public state in transport-events.ts, the one place a change in
 * the carrier touches. connect() after an end makes a new session.
 */
export class AvatarSession {
  readonly #machine: SessionStateMachine;
  readonly #activity = new ActivityTracker();
  readonly #transcripts: TranscriptFeed;
  readonly #loadTransport: (kind: TransportKind) => Promise<TransportFactory>;
  readonly #fetch: typeof fetch | undefined;
  readonly #deps: SessionDeps;
  #options: SessionOptions | undefined;
  #broker: BrokerClient | undefined;
  #live: LiveSession | undefined;
  /** Bumped at every start and end, so callbacks of an older session are ignored. */
  #generation = 0;
  #abort: AbortController | undefined;
  readonly #timers = new TimerSet();
  #connecting: Promise<void> | undefined;
  #ending: Promise<void> | undefined;
  #kindHint: Promise<TransportKind | undefined> | undefined;
  readonly #onPageHide = () => this.#pageHidden();
  readonly #commands: SessionCommands;

  constructor(
    private readonly callbacks: SessionCallbacks,
    deps: SessionDeps = {},
  ) {
    this.#machine = new SessionStateMachine((change) => callbacks.stateChange(change));
    this.#transcripts = new TranscriptFeed(callbacks);
    this.#loadTransport = deps.loadTransport ?? defaultLoadTransport;
    this.#fetch = deps.fetch;
    this.#deps = deps;
    this.#commands = new SessionCommands({
      state: () => this.state,
      live: () => this.#live,
      broker: () => this.#broker!,
      generation: () => this.#generation,
      activity: this.#activity,
      transcripts: this.#transcripts,
      report: (error) => callbacks.error(error),
      endGone: (error) => this.#end('error', 'expired', error),
      speechCut: () => {
        if (this.state === 'speaking') this.#machine.to('connected');
      },
    });
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
    this.#broker = new BrokerClient(options.server, this.#fetch, this.#deps.brokerCalls);
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
      if (options.brain) request.brain = options.brain;
      const brain = options.brain ? Promise.resolve(options.brain) : defaultBrain(options.server, this.#fetch);
      // Not aborted by disconnect(): a session the broker made must be seen, to be ended.
      const reply = await broker.createSession(request);
      if (generation !== this.#generation) {
        // disconnect() came while the session was being made: end it at once.
        void broker.leave(reply).catch(() => broker.beaconLeave(reply));
        return;
      }
      this.#live = { ...reply, brain };
      // From here a session costs money: make sure a closing tab ends it.
      window.addEventListener('pagehide', this.#onPageHide);
      const loaded = await guess;
      const factory = loaded.kind === reply.rtc.transport ? await loaded.factory : await this.#loadTransport(reply.rtc.transport);
      if (generation !== this.#generation) return;
      await this.#join(factory, generation);
      if (generation !== this.#generation) return;
      this.#activity.start();
      this.#machine.to('connected');
      startLiveTimers({
        live: this.#live,
        broker,
        activity: this.#activity,
        timers: this.#timers,
        ...(options.idleTimeoutMs !== undefined ? { idleTimeoutMs: options.idleTimeoutMs } : {}),
        heartbeatWhileBusy: this.#deps.heartbeatWhileBusy === true,
        current: () => generation === this.#generation,
        end: (reason) => void this.#end('disconnected', reason),
      });
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
    const { joinTimeoutMs, codec } = this.#options!;
    const options = { server: this.#broker!.server, joinTimeoutMs, ...(codec ? { codec } : {}), events: this.#transportEvents(generation, transport) };
    await transport.join(live.rtc, this.#abort ? { ...options, signal: this.#abort.signal } : options);
  }

  #transportEvents(generation: number, transport: AvatarTransport): TransportEvents {
    return mapTransportEvents({
      current: () => generation === this.#generation && this.#live?.transport === transport,
      machine: this.#machine,
      timers: this.#timers,
      graceMs: () => this.#options!.reconnectGraceMs ?? 10_000,
      touch: () => this.#activity.touch(),
      stream: (stream) => this.callbacks.stream(stream),
      firstFrame: () => this.callbacks.firstFrame?.(),
      avatarText: (text) => this.#transcripts.fromTransport(text),
      avatarTextPartial: (text) => this.#transcripts.partial(text),
      rejoin: () => void this.#rejoin(generation),
      end: (state, reason, error) => void this.#end(state, reason, error),
    });
  }

  /** A dropped connection: rejoin the same room with bounded backoff, then give up cleanly. */
  async #rejoin(generation: number): Promise<void> {
    const live = this.#live;
    if (!live || generation !== this.#generation) return;
    this.#machine.to('reconnecting', 'network');
    this.callbacks.stream(null);
    this.#transcripts.abandonPartial();
    const leaveTransport = async () => {
      const transport = live.transport;
      live.transport = undefined;
      await transport?.leave().catch(() => {});
    };
    await leaveTransport();
    const outcome = await rejoinWithBackoff({
      policy: this.#options!.reconnect ?? DEFAULT_RECONNECT,
      wait: (ms) => new Promise<void>((resolve) => this.#timers.after(ms, resolve)),
      stale: () => generation !== this.#generation,
      join: async () => this.#join(await this.#loadTransport(live.rtc.transport), generation),
      dropTransport: leaveTransport, // the one a failed #join left behind
    });
    if (outcome === 'joined') this.#machine.to('connected');
    if (outcome === 'failed') await this.#end('error', 'network', new A2eError('network', 'The connection to the avatar dropped and could not be restored.'));
  }

  speak(text: string): Promise<void> {
    return this.#commands.speak(text);
  }

  ask(question: string): Promise<void> {
    return this.#commands.ask(question);
  }

  /** One recorded utterance of the visitor to text, by the broker's speech-to-text. */
  transcribe(audio: Blob): Promise<string> {
    return this.#commands.transcribe(audio);
  }

  setContext(context: string): Promise<void> {
    return this.#commands.setContext(context);
  }

  /** Stops the answer in progress where anything can (session-commands.ts); whether it stopped one. */
  interrupt(): Promise<boolean> {
    return this.#commands.interrupt();
  }

  /** Ends the session at the broker and leaves the room; idempotent. */
  disconnect(reason: EndReason = 'client'): Promise<void> {
    if (!LIVE_STATES.has(this.state)) return this.#ending ?? Promise.resolve();
    return this.#end('disconnected', reason);
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
    this.#timers.clear();
    this.#activity.stop();
    this.#transcripts.reset();
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
