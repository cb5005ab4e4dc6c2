import { html, LitElement, nothing, svg, type PropertyValues, type TemplateResult } from 'lit';
import type { AvatarsReply } from '../../protocol/broker-api';
import { firstLanguageTag } from '../i18n/language-tag';
import { defaultStrings, type A2eStrings } from '../i18n/strings';
import { A2eError } from '../session/a2e-error';
import { AvatarSession, type SessionDeps } from '../session/avatar-session';
import { BrokerClient } from '../session/broker-client';
import { LIVE_STATES, READY_STATES, type AvatarState, type EndReason } from '../session/session-state';
import { SpeechInput, speechFailure, speechInputSupported } from '../speech/speech-input';
import { styles } from './a2e-avatar.styles';
import { emit } from './events';

/** Names in the `controls` attribute. */
export type A2eControl = 'chat' | 'mic' | 'mute' | 'hangup' | 'captions';
const ALL_CONTROLS = 'chat mic mute hangup captions';
/** How long a notice stays up: long enough to read two lines. */
const NOTICE_MS = 6_000;

interface Caption {
  role: 'user' | 'avatar';
  text: string;
}

/**
 * A real-time talking avatar: joins the avatar's room through your broker and gives the visitor
 * its video, a text box, a microphone, captions and a clean hang-up.
 *
 * @summary A talking A2E avatar for any page.
 * @tagname a2e-avatar
 *
 * @event a2e-state-change - `{ state, reason? }` on every change of `state`; `reason` tells why a session ended or is reconnecting.
 * @event a2e-transcript - `{ role: 'user' | 'avatar', text }` for every line said.
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
 * @csspart mic-button - Speaks the question (where the browser has speech recognition).
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
export class A2eAvatar extends LitElement {
  static override styles = styles;

  static override properties = {
    server: { type: String },
    avatarId: { type: String, attribute: 'avatar-id' },
    context: { type: String },
    language: { type: String },
    autoConnect: { type: Boolean, attribute: 'auto-connect' },
    controls: { type: String },
    noControls: { type: Boolean, attribute: 'no-controls' },
    mode: { type: String },
    joinTimeout: { type: Number, attribute: 'join-timeout' },
    idleTimeout: { type: Number, attribute: 'idle-timeout' },
    poster: { type: String },
    muted: { type: Boolean, reflect: true },
    strings: { attribute: false },
    _state: { state: true },
    _captions: { state: true },
    _error: { state: true },
    _audioBlocked: { state: true },
    _listening: { state: true },
    _catalogPoster: { state: true },
    _busy: { state: true },
    _notice: { state: true },
  };

  /** Base URL of your broker (the Worker), e.g. `https://avatar.example.com`. */
  server = '';
  /** Which avatar to talk to (an id from the broker's `GET /v1/avatars`). */
  avatarId = '';
  /** Knowledge the avatar answers from (its QA context); changing it mid-conversation updates it. */
  context = '';
  /** BCP 47 language the visitor speaks, for speech recognition and the session; default: the browser's. */
  language = '';
  /** Connects as soon as the element is on the page (the browser may then start with sound off). */
  autoConnect = false;
  /** Which controls show, space-separated: `chat mic mute hangup captions`. */
  controls = ALL_CONTROLS;
  /** Hides every built-in control: drive the element from script. */
  noControls = false;
  /** What the text box does: `ask` (the avatar answers) or `speak` (the avatar says the text). */
  mode: 'ask' | 'speak' = 'ask';
  /** Milliseconds a join may take before it fails with `join_timeout`. */
  joinTimeout = 15_000;
  /** Seconds without visitor activity after which the conversation ends; default: the broker's idle limit. */
  idleTimeout: number | undefined = undefined;
  /** Image shown before the video starts; default: the avatar's preview image. */
  poster = '';
  /** Mutes the avatar's voice. */
  muted = false;
  /** Replaces any visible text; see `A2eStrings` for the keys. */
  strings: Partial<A2eStrings> = {};

  private _state: AvatarState = 'idle';
  private _captions: Caption[] = [];
  private _error: A2eError | undefined;
  private _audioBlocked = false;
  private _listening = false;
  private _catalogPoster = '';
  private _busy = false;
  private _notice: string | undefined;
  #noticeTimer: ReturnType<typeof setTimeout> | undefined;

  #session: AvatarSession;
  #speech = new SpeechInput();
  #catalog: { server: string; reply: Promise<AvatarsReply> } | undefined;
  #stream: MediaStream | null = null;
  /** @internal Seams for tests only. */
  static sessionDeps: SessionDeps = {};

  constructor() {
    super();
    this.#session = this.#newSession();
  }

  /** Where the conversation is: `idle | connecting | connected | speaking | reconnecting | disconnected | error`. */
  get state(): AvatarState {
    return this._state;
  }

  /** Why the last conversation ended (or why it is reconnecting): `client | idle | expired | network | upstream | autoplay-blocked`. */
  get reason(): EndReason | undefined {
    return this.#session.reason;
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
      language: this.#language(),
      joinTimeoutMs: this.joinTimeout > 0 ? this.joinTimeout : 15_000,
      ...(this.idleTimeout && this.idleTimeout > 0 ? { idleTimeoutMs: this.idleTimeout * 1000 } : {}),
    };
    this.#loadCatalog();
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

  /** Cuts the avatar short; resolves false where the carrier cannot. */
  interrupt(): Promise<boolean> {
    return this.#session.interrupt();
  }

  /** Ends the conversation at the broker and leaves the room. Idempotent. */
  disconnect(): Promise<void> {
    this.#speech.abort();
    return this.#session.disconnect('client');
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#loadCatalog();
    if (this.autoConnect && this.state === 'idle') this.connect().catch(() => {});
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // A move within the page (remove then insert in the same task) keeps the conversation.
    queueMicrotask(() => {
      if (this.isConnected) return;
      this.#showNotice(undefined);
      this.#speech.abort();
      void this.#session.disconnect('client');
    });
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if ((changed.has('server') || changed.has('avatarId')) && this.isConnected) this.#loadCatalog();
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('muted') || changed.has('_audioBlocked' as keyof A2eAvatar)) this.#applyMute();
    if (changed.has('context') && changed.get('context') !== undefined && READY_STATES.has(this.state)) {
      this.#session.setContext(this.context).catch(() => {});
    }
  }

  #newSession(): AvatarSession {
    return new AvatarSession(
      {
        stateChange: ({ state, reason }) => {
          this._state = state;
          if (state === 'connecting') this._captions = [];
          emit(this, 'a2e-state-change', reason === undefined ? { state } : { state, reason });
        },
        transcript: (role, text) => {
          this._captions = [...this._captions, { role, text }].slice(-2);
          emit(this, 'a2e-transcript', { role, text });
        },
        error: (error) => this.#report(error),
        stream: (stream) => void this.#attachStream(stream),
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
    else this.#showNotice(error.message);
    emit(this, 'a2e-error', { code: error.code, message: error.message });
  }

  #showNotice(message: string | undefined): void {
    clearTimeout(this.#noticeTimer);
    this._notice = message;
    if (message !== undefined) this.#noticeTimer = setTimeout(() => (this._notice = undefined), NOTICE_MS);
  }

  /** The visitor's language as a valid BCP 47 tag, or undefined (a locale such as "C" is not sent). */
  #language(): string | undefined {
    return firstLanguageTag(this.language, this.closest('[lang]')?.getAttribute('lang'), ...(navigator.languages ?? []), navigator.language);
  }

  /** The avatar list gives the poster and which transport to preload; failures only cost the poster. */
  #loadCatalog(): void {
    if (!this.server) return;
    if (this.#catalog?.server !== this.server) {
      const reply = new BrokerClient(this.server, A2eAvatar.sessionDeps.fetch).avatars();
      this.#catalog = { server: this.server, reply };
      this.#session.hintTransport(reply.then((r) => r.transport).catch(() => undefined));
    }
    const { server, reply } = this.#catalog;
    reply.then(
      (r) => {
        if (server !== this.server) return;
        const preview = r.avatars.find((a) => a.id === this.avatarId)?.previewImageUrl;
        // The broker may answer with a path on itself.
        this._catalogPoster = preview ? new URL(preview, `${server}/`).href : '';
      },
      () => {},
    );
  }

  get #video(): HTMLVideoElement | null {
    return this.renderRoot.querySelector('video');
  }

  async #attachStream(stream: MediaStream | null): Promise<void> {
    this.#stream = stream;
    await this.updateComplete;
    const video = this.#video;
    if (!video || this.#stream !== stream) return;
    if (video.srcObject !== stream) video.srcObject = stream;
    if (!stream) {
      this._audioBlocked = false;
      return;
    }
    video.muted = this.muted;
    try {
      await video.play();
    } catch (err) {
      if (!(err instanceof DOMException) || err.name !== 'NotAllowedError' || this.#stream !== stream) return;
      // The browser wants a gesture before sound: show the face muted, and ask for a tap.
      this._audioBlocked = true;
      video.muted = true;
      emit(this, 'a2e-error', { code: 'autoplay_blocked', message: this.#t('tapForSound') });
      await video.play().catch(() => {});
    }
  }

  #applyMute(): void {
    const video = this.#video;
    if (video) video.muted = this.muted || this._audioBlocked;
  }

  #unblockAudio(): void {
    this._audioBlocked = false;
    const video = this.#video;
    if (!video) return;
    video.muted = this.muted;
    // Called from the tap itself, so the browser counts it as the gesture it wanted.
    video.play().catch(() => {
      this._audioBlocked = true;
      video.muted = true;
    });
  }

  #t(key: keyof A2eStrings): string {
    return this.strings[key] ?? defaultStrings[key];
  }

  #shows(control: A2eControl): boolean {
    return !this.noControls && this.controls.split(/\s+/).includes(control);
  }

  async #submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const input = (event.target as HTMLFormElement).elements.namedItem('text') as HTMLInputElement;
    const text = input.value.trim();
    if (!text) return;
    input.value = '';
    this.#session.touch();
    this.#showNotice(undefined);
    this._busy = true;
    try {
      await (this.mode === 'speak' ? this.speak(text) : this.ask(text));
    } catch {
      input.value ||= text; // already reported through a2e-error; let the visitor resend
    } finally {
      this._busy = false;
    }
  }

  #toggleMic(): void {
    if (this.#speech.listening) {
      this.#speech.stop();
      return;
    }
    const input = this.renderRoot.querySelector<HTMLInputElement>('input[name=text]');
    this._listening = true;
    // An empty lang is the recognizer's default: the page's, else the browser's.
    this.#speech.start(this.#language() ?? '', {
      result: (text, final) => {
        this.#session.touch();
        if (input) input.value = final ? '' : text;
        if (final && text) (this.mode === 'speak' ? this.speak(text) : this.ask(text)).catch(() => {});
      },
      end: (error) => {
        this._listening = false;
        const failure = error && speechFailure(error);
        if (failure) this.#report(new A2eError(failure.code, this.#t(failure.message)));
      },
    });
  }

  #onKeydown(event: KeyboardEvent): void {
    if (event.key === 'Escape' && this.state === 'speaking') this.interrupt().catch(() => {});
  }

  protected override render(): TemplateResult {
    const live = LIVE_STATES.has(this.state);
    return html`
      <div part="base" class="base" data-state=${this.state} @keydown=${this.#onKeydown}>
        <video
          part="video"
          playsinline
          aria-label=${this.#t('videoLabel')}
          poster=${this.poster || this._catalogPoster || nothing}
        ></video>
        ${this.#renderOverlay()} ${this.#shows('captions') ? this.#renderCaptions() : nothing}
        ${this._notice && live ? html`<p part="notice" class="notice" role="status">${this._notice}</p>` : nothing}
        ${live && this.state !== 'connecting' ? this.#renderControls() : nothing}
      </div>
    `;
  }

  #renderOverlay(): TemplateResult | typeof nothing {
    switch (this.state) {
      case 'idle':
      case 'disconnected':
        return html`<div part="overlay" class="overlay">
          ${this.state === 'disconnected' ? html`<p part="status" class="status">${this.#endMessage()}</p>` : nothing}
          <button part="connect-button" class="primary" @click=${() => this.connect().catch(() => {})}>
            ${this.state === 'idle' ? this.#t('connect') : this.#t('reconnect')}
          </button>
        </div>`;
      case 'connecting':
      case 'reconnecting':
        return html`<div part="overlay" class="overlay" role="status">
          <span part="spinner" class="spinner" aria-hidden="true"></span>
          <p part="status" class="status">${this.state === 'connecting' ? this.#t('connecting') : this.#t('reconnecting')}</p>
        </div>`;
      case 'error':
        return html`<div part="overlay" class="overlay">
          <div part="error" class="error" role="alert">
            <strong>${this.#t('errorTitle')}</strong>
            ${this._error ? html`<span class="detail">${this._error.message}</span>` : nothing}
          </div>
          <button part="retry-button" class="primary" @click=${() => this.connect().catch(() => {})}>${this.#t('retry')}</button>
        </div>`;
      default:
        return this._audioBlocked
          ? html`<div part="overlay" class="overlay passive">
              <button part="unmute-button" class="primary unmute" @click=${this.#unblockAudio}>${this.#t('tapForSound')}</button>
            </div>`
          : nothing;
    }
  }

  #endMessage(): string {
    if (this.reason === 'idle') return this.#t('idleEnded');
    if (this.reason === 'expired') return this.#t('expiredEnded');
    return this.#t('disconnected');
  }

  #renderCaptions(): TemplateResult {
    // Always in the DOM, so screen readers announce what is added to it.
    return html`<div part="captions" class="captions" role="log" aria-live="polite" aria-label=${this.#t('captionsLabel')}>
      ${this._captions.map(
        (c) => html`<p part="caption" class="caption ${c.role}">
          <span class="who">${c.role === 'user' ? this.#t('you') : this.#t('avatar')}:</span> ${c.text}
        </p>`,
      )}
    </div>`;
  }

  #renderControls(): TemplateResult | typeof nothing {
    if (this.noControls) return nothing;
    const ready = READY_STATES.has(this.state);
    const mic = this.#shows('mic') && speechInputSupported();
    return html`<div part="controls" class="controls">
      ${this.#shows('chat')
        ? html`<form part="form" class="form" @submit=${this.#submit}>
            <input
              part="input"
              name="text"
              type="text"
              autocomplete="off"
              maxlength="1000"
              aria-label=${this.#t('inputLabel')}
              placeholder=${this.mode === 'speak' ? this.#t('inputPlaceholderSpeak') : this.#t('inputPlaceholderAsk')}
              ?disabled=${!ready}
            />
            <button part="send-button" type="submit" ?disabled=${!ready || this._busy} aria-label=${this.#t('send')} title=${this.#t('send')}>
              <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M3 20l18-8L3 4v6l12 2-12 2z" /></svg>
            </button>
          </form>`
        : html`<span class="spacer"></span>`}
      ${mic
        ? html`<button
            part="mic-button"
            aria-pressed=${this._listening ? 'true' : 'false'}
            aria-label=${this._listening ? this.#t('micStop') : this.#t('micStart')}
            title=${this._listening ? this.#t('micStop') : this.#t('micStart')}
            ?disabled=${!ready}
            @click=${this.#toggleMic}
          >
            <svg viewBox="0 0 24 24" aria-hidden="true">
              <path d="M12 15a3 3 0 0 0 3-3V6a3 3 0 0 0-6 0v6a3 3 0 0 0 3 3zm5-3a5 5 0 0 1-10 0H5a7 7 0 0 0 6 6.9V21h2v-2.1a7 7 0 0 0 6-6.9z" />
            </svg>
          </button>`
        : nothing}
      ${this.#shows('mute')
        ? html`<button
            part="mute-button"
            aria-pressed=${this.muted ? 'true' : 'false'}
            aria-label=${this.muted ? this.#t('unmute') : this.#t('mute')}
            title=${this.muted ? this.#t('unmute') : this.#t('mute')}
            @click=${() => (this.muted = !this.muted)}
          >
            <svg viewBox="0 0 24 24" aria-hidden="true">
              ${this.muted
                ? svg`<path d="M4 9v6h4l5 5V4L8 9zm12.6 3l2.7-2.7-1.4-1.4-2.7 2.7-2.7-2.7-1.4 1.4 2.7 2.7-2.7 2.7 1.4 1.4 2.7-2.7 2.7 2.7 1.4-1.4z" />`
                : svg`<path d="M4 9v6h4l5 5V4L8 9zm12 3a4 4 0 0 0-2-3.5v7A4 4 0 0 0 16 12zm-2-8v2a6 6 0 0 1 0 12v2a8 8 0 0 0 0-16z" />`}
            </svg>
          </button>`
        : nothing}
      ${this.#shows('hangup')
        ? html`<button part="hangup-button" class="hangup" aria-label=${this.#t('hangUp')} title=${this.#t('hangUp')} @click=${() => this.disconnect()}>
            <svg viewBox="0 0 24 24" aria-hidden="true">
              <path d="M12 9c-1.6 0-3.2.3-4.6.7v3.1c0 .4-.2.7-.6.9-1 .5-1.9 1.1-2.7 1.8-.2.2-.4.3-.7.3s-.5-.1-.7-.3L.3 13.1a1 1 0 0 1 0-1.4C3.3 8.8 7.4 7 12 7s8.7 1.8 11.7 4.7a1 1 0 0 1 0 1.4l-2.4 2.4c-.2.2-.4.3-.7.3s-.5-.1-.7-.3c-.8-.7-1.7-1.3-2.7-1.8-.4-.2-.6-.5-.6-.9V9.7C15.2 9.3 13.6 9 12 9z" />
            </svg>
          </button>`
        : nothing}
    </div>`;
  }
}
