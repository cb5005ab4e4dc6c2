import { html, nothing, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import { A2eAvatarOptions, type A2eControl } from './a2e-avatar-options';
import type { A2eError } from '../session/a2e-error';
import { AvatarSession, type SessionDeps } from '../session/avatar-session';
import { brokerHealth } from '../session/broker-health';
import { LIVE_STATES, READY_STATES, type AvatarState, type EndReason } from '../session/session-state';
import { TransportPreload } from '../transports/preload';
import { loadTransport } from '../transports/transport';
import { controlsTemplate, listeningTemplate, overlayTemplate } from './a2e-avatar.templates';
import { styles } from './a2e-avatar.styles';
import { CaptionsController } from './captions';
import { CatalogController } from './catalog-controller';
import { ChatBox } from './chat-box';
import { emit } from './events';
import { Locale } from './locale';
import { MicController } from './mic-controller';
import { NoticeController } from './notice-controller';
import { OptionDefaults } from './option-defaults';
import { PlaybackController } from './playback-controller';
import { whenRemoved } from './removal';
import { VIDEO_CODECS, type VideoCodec } from '../transports/transport';

export type { A2eControl } from './a2e-avatar-options';

/**
 * A real-time talking avatar: joins the avatar's room through your broker and gives the visitor
 * its video, a text box, a microphone, captions and a clean hang-up.
 *
 * @summary A talking A2E avatar for any page.
 * @tagname a2e-avatar
 *
 * @event a2e-state-change - `{ state, reason? }` on every change of `state`; `reason` tells why a session ended or is reconnecting.
 * @event a2e-transcript - `{ role: 'user' | 'avatar', text }` for every line said; an answer that arrives in pieces grows in one caption line and comes once, whole.
 * @event a2e-error - `{ code, message }` when something fails.
 *
 * @csspart base - The frame around everything.
 * @csspart video - The avatar's `<video>`; shows the poster until the first frame.
 * @csspart overlay - The layer over the video for the connect, loading, error and sound prompts.
 * @csspart connect-button - Starts the conversation.
 * @csspart status - The loading and end messages.
 * @csspart spinner - The loading indicator.
 * @csspart error - The error message box.
 * @csspart retry-button - Tries again after an error.
 * @csspart unmute-button - Shown when the browser blocked sound.
 * @csspart notice - A short message during the conversation: a message that could not be sent, a blocked microphone.
 * @csspart captions - The live region with the latest lines.
 * @csspart caption - One line of the captions.
 * @csspart controls - The bar with the text box and buttons.
 * @csspart form - The text box form.
 * @csspart input - The text box.
 * @csspart send-button - Sends the text.
 * @csspart mic-button - Turns the microphone on and off (where the browser or the broker can hear speech).
 * @csspart listening - Shown while the microphone listens for the visitor.
 * @csspart level - The microphone's level meter, inside `listening` (its fill is `--a2e-level`, 0 to 1).
 * @csspart mute-button - Mutes and unmutes the avatar.
 * @csspart hangup-button - Ends the conversation.
 *
 * @cssprop [--a2e-accent=#4f46e5] - Buttons and focus ring.
 * @cssprop [--a2e-accent-contrast=#fff] - Text on the accent colour.
 * @cssprop [--a2e-background=#111827] - Behind the video.
 * @cssprop [--a2e-foreground=#f9fafb] - Text over the video.
 * @cssprop [--a2e-surface=rgb(17 24 39 / 72%)] - Panels over the video (captions, controls, messages).
 * @cssprop [--a2e-danger=#dc2626] - The hang-up button and errors.
 * @cssprop [--a2e-radius=16px] - Corner radius of the frame.
 * @cssprop [--a2e-font=system-ui, sans-serif] - Font family.
 * @cssprop [--a2e-aspect-ratio=3 / 4] - Shape of the video frame.
 * @cssprop [--a2e-max-width=420px] - Widest the element grows.
 * @cssprop [--a2e-video-fit=cover] - `object-fit` of the video.
 * @cssprop [--a2e-z-index=1] - Stacking of the overlay inside the element.
 * @cssprop [--a2e-focus-ring=2px solid var(--a2e-accent)] - Outline of the focused control.
 */
export class A2eAvatar extends A2eAvatarOptions {
  static override styles = styles;

  static override properties: PropertyDeclarations = {
    _state: { state: true },
    _error: { state: true },
  };

  // After the options above, whose initial values it keeps as their defaults.
  readonly #defaults = new OptionDefaults(this as A2eAvatar, [
    'server', 'avatarId', 'context', 'language', 'autoConnect', 'controls', 'noControls', 'mode', 'joinTimeout', 'idleTimeout', 'poster', 'muted',
    'voice', 'speechEngine', 'bargeIn', 'strings',
  ]);

  private _state: AvatarState = 'idle';
  private _error: A2eError | undefined;

  readonly #locale = new Locale(this);
  readonly #notice = new NoticeController(this);
  readonly #captions = new CaptionsController(this);
  readonly #playback = new PlaybackController(
    this,
    () => this.renderRoot.querySelector('video'),
    () => this.renderRoot.querySelector('audio'),
    () => emit(this, 'a2e-error', { code: 'autoplay_blocked', message: this.#locale.t('tapForSound') }),
  );
  readonly #mic = new MicController(this, {
    locale: this.#locale,
    fetch: () => A2eAvatar.sessionDeps.fetch,
    touch: () => this.#session.touch(),
    say: (text) => this.#say(text),
    transcribe: (audio) => this.#session.transcribe(audio),
    report: (error) => this.#report(error),
  });
  readonly #catalog = new CatalogController(
    this,
    () => A2eAvatar.sessionDeps.fetch,
    (kind) => this.#session.hintTransport(kind),
  );
  readonly #preload = new TransportPreload(this, {
    policy: () => this.preload,
    kind: () => this.#catalog.transport(),
    load: (kind) => {
      // connect() needs the broker's health too (who answers): asked then, it would go beside
      // the session request and slow it.
      void brokerHealth(this.server, A2eAvatar.sessionDeps.fetch).catch(() => undefined);
      return (A2eAvatar.sessionDeps.loadTransport ?? loadTransport)(kind);
    },
  });
  readonly #chat = new ChatBox(this, {
    touch: () => this.#session.touch(),
    clearNotice: () => this.#notice.show(undefined),
    say: (text) => this.#say(text),
  });
  readonly #session = this.#newSession();
  /** @internal Seams for tests only. */
  static sessionDeps: SessionDeps = {};

  /** Where the conversation is: `idle | connecting | connected | speaking | reconnecting | disconnected | error`. */
  get state(): AvatarState {
    return this._state;
  }

  /** Why the last conversation ended (or why it is reconnecting): `client | idle | expired | network | upstream | autoplay-blocked`. */
  get reason(): EndReason | undefined {
    return this.#session.reason;
  }

  /** Whether the microphone is listening for the visitor right now (also the `listening` attribute, for styling). */
  get listening(): boolean {
    return this.#mic.listening;
  }

  /** When the current conversation ends at the latest (ISO 8601), for a countdown; undefined when there is none. */
  get expiresAt(): string | undefined {
    return this.#session.expiresAt;
  }

  /** Starts a conversation: a new session at the broker, joined in parallel with loading the transport. */
  connect(): Promise<void> {
    this._error = undefined;
    const options = {
      server: this.server,
      avatarId: this.avatarId,
      context: this.context,
      language: this.#locale.language(),
      ...(this.brain === 'a2e' || this.brain === 'model' ? { brain: this.brain } : {}),
      joinTimeoutMs: this.joinTimeout > 0 ? this.joinTimeout : 15_000,
      ...(VIDEO_CODECS.includes(this.codec as VideoCodec) ? { codec: this.codec as VideoCodec } : {}),
      ...(this.idleTimeout && this.idleTimeout > 0 ? { idleTimeoutMs: this.idleTimeout * 1000 } : {}),
    };
    this.#catalog.load();
    return this.#session.connect(options);
  }

  /** The avatar says exactly `text`. Rejects (and emits `a2e-error`) when not connected. */
  speak(text: string): Promise<void> {
    return this.#session.speak(text);
  }

  /** The avatar answers `question` from its QA context. Rejects (and emits `a2e-error`) when not connected. */
  ask(question: string): Promise<void> {
    return this.#session.ask(question);
  }

  /**
   * Stops the answer in progress: the broker's model stops and no further sentence is said (and
   * the simulator's room cuts its speech). Resolves true when it stopped something, false when
   * there was nothing to stop or nothing can stop it (A2E's own QA).
   */
  interrupt(): Promise<boolean> {
    return this.#session.interrupt();
  }

  /** Ends the conversation at the broker and leaves the room. Idempotent. */
  disconnect(): Promise<void> {
    this.#mic.close();
    return this.#session.disconnect('client');
  }

  override connectedCallback(): void {
    super.connectedCallback(); // the catalogue starts loading here
    if (this.autoConnect && this.state === 'idle') this.connect().catch(() => {});
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback(); // the notice and the microphone end there
    whenRemoved(this, () => void this.#session.disconnect('client'));
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    this.#defaults.restore(changed);
    if ((changed.has('server') || changed.has('avatarId')) && this.isConnected) this.#catalog.load();
    if ((changed.has('voice') || changed.has('speechEngine')) && LIVE_STATES.has(this.state)) this.#mic.checkBroker();
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('context') && changed.get('context') !== undefined && READY_STATES.has(this.state)) {
      this.#session.setContext(this.context).catch(() => {});
    }
  }

  #newSession(): AvatarSession {
    return new AvatarSession(
      {
        stateChange: ({ state, reason }) => {
          this._state = state;
          if (state === 'connecting') this.#captions.clear();
          // Before the event: a page that sees `speaking` already sees the microphone paused.
          this.#mic.avatarState(state);
          emit(this, 'a2e-state-change', reason === undefined ? { state } : { state, reason });
        },
        transcript: (role, text) => {
          this.#captions.add({ role, text });
          emit(this, 'a2e-transcript', { role, text });
        },
        avatarPartial: (text) => this.#captions.grow(text),
        avatarPartialEnd: (text) => {
          this.#captions.settle(text);
          if (text !== undefined) emit(this, 'a2e-transcript', { role: 'avatar', text });
        },
        error: (error) => this.#report(error),
        stream: (stream) => void this.#playback.attach(stream),
      },
      A2eAvatar.sessionDeps,
    );
  }

  /**
   * Every `a2e-error` goes out through here. Before and outside a conversation the error screen
   * shows it; during one, a short notice does, so a message that failed never fails silently.
   */
  #report(error: A2eError): void {
    // The error screen keeps the first cause: a later "not connected" from a call says nothing new.
    const keepsFirstCause = this.state === 'error' && this._error !== undefined;
    if (!keepsFirstCause && (!LIVE_STATES.has(this.state) || this.state === 'connecting')) this._error = error;
    else this.#notice.show(error.message);
    emit(this, 'a2e-error', { code: error.code, message: error.message });
  }

  #shows(control: A2eControl): boolean {
    return !this.noControls && this.controls.split(/\s+/).includes(control);
  }

  /** What the text box and the microphone send: a question, or a line to say, by `mode`. */
  #say(text: string): Promise<void> {
    return this.mode === 'speak' ? this.speak(text) : this.ask(text);
  }

  #onKeydown(event: KeyboardEvent): void {
    if (event.key === 'Escape' && this.state === 'speaking') this.interrupt().catch(() => {});
  }

  // Made once, so Lit keeps the same listeners across renders.
  readonly #handlers = {
    t: this.#locale.t,
    connect: () => void this.connect().catch(() => {}),
    unblockAudio: () => this.#playback.unblock(),
    shows: (control: A2eControl) => this.#shows(control),
    submit: (event: SubmitEvent) => void this.#chat.submit(event),
    toggleMic: () => this.#mic.toggle(),
    toggleMute: () => (this.muted = !this.muted),
    hangUp: () => void this.disconnect(),
  };

  protected override render(): TemplateResult {
    const live = LIVE_STATES.has(this.state);
    const notice = this.#notice.message;
    const { state, reason } = this;
    return html`
      <div part="base" class="base" data-state=${state} @keydown=${this.#onKeydown}>
        <video
          part="video"
          playsinline
          disablepictureinpicture
          aria-label=${this.#locale.t('videoLabel')}
          muted
          poster=${this.poster || this.#catalog.poster || nothing}
        ></video>
        <audio></audio>
        ${overlayTemplate({ ...this.#handlers, state, reason, error: this._error, audioBlocked: this.#playback.audioBlocked })}
        ${this.#shows('captions') ? this.#captions.render(this.#handlers.t) : nothing}
        ${this.listening && live ? listeningTemplate(this.#handlers.t) : nothing}
        ${notice && live ? html`<p part="notice" class="notice" role="status">${notice}</p>` : nothing}
        ${live && state !== 'connecting' && !this.noControls
          ? controlsTemplate({ ...this.#handlers, state, mode: this.mode, muted: this.muted, busy: this.#chat.busy, mic: this.#mic })
          : nothing}
      </div>
    `;
  }
}
