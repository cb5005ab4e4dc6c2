import type { AvatarSummary } from '../../protocol/broker-api';
import { fetchAvatars } from '../lib/broker-client';
import { onAvatarEvent, type AvatarElement, type AvatarState } from '../lib/avatar-element';
import { defaultServer, loadAvatarElement } from './load-avatar';
import { rememberOpen, wasOpen } from './open-state';
import { supportStyles } from './support-styles';

const chatIcon = `<svg class="icon-chat" viewBox="0 0 24 24" aria-hidden="true"><path d="M21 12a8 8 0 0 1-11.6 7.1L4 20l1-4.6A8 8 0 1 1 21 12Z"/><path d="M8.5 11.5h.01M12 11.5h.01M15.5 11.5h.01" stroke-width="2.6"/></svg>`;
const closeIcon = `<svg class="icon-close" viewBox="0 0 24 24" aria-hidden="true"><path d="M6 6l12 12M18 6 6 18"/></svg>`;

const statusText: Record<AvatarState, string> = {
  idle: 'Starting…',
  connecting: 'Connecting…',
  connected: 'Online · ask me anything',
  speaking: 'Speaking…',
  reconnecting: 'Reconnecting…',
  disconnected: 'Conversation ended',
  error: 'Could not connect',
};

/**
 * A customer-support launcher: a bubble in the page corner that opens a panel with a talking
 * avatar, its captions and a chat box. The session starts only when the panel opens and ends
 * when it closes; the open state survives page loads in the same tab; on phones the panel takes
 * the whole screen. Built on `<a2e-avatar>`, which it loads from the broker only when first opened.
 *
 * Plain `HTMLElement` rather than Lit: this is the one script a site loads up front, so it stays
 * a few kilobytes; Lit arrives with the avatar element when a visitor asks for it.
 *
 * @tagname a2e-support
 * @attr server - Broker URL; default: where this script was loaded from.
 * @attr avatar-id - Which avatar answers; default: the broker's first.
 * @attr context - What the avatar answers from (your FAQ).
 * @attr language - BCP 47 language of the visitor; default: the page's or the browser's.
 * @attr heading - Title of the panel; default "Support".
 * @attr greeting - What the avatar says when a visitor opens the panel.
 * @attr open - Present while the panel is open; set or remove it to open or close.
 * @event a2e-support-toggle - `{ open }` when the panel opens or closes.
 * @cssprop --a2e-support-accent - Launcher and header colour.
 * @cssprop --a2e-support-offset - Distance from the page corner.
 * @cssprop --a2e-support-z-index - Stacking over the page.
 */
export class A2eSupport extends HTMLElement {
  static observedAttributes = ['open', 'heading', 'avatar-id', 'server'];

  readonly #root = this.attachShadow({ mode: 'open' });
  #avatar: AvatarElement | undefined;
  #catalog: Promise<AvatarSummary[]> | undefined;
  /** Bumped at every open and close, so a slow open that was closed meanwhile does nothing. */
  #turn = 0;
  #unlisten: (() => void)[] = [];
  /** Set while reopening a panel the visitor left open on the previous page: no greeting, no focus grab. */
  #restoring = false;

  constructor() {
    super();
    this.#root.innerHTML = `
      <style>${supportStyles}</style>
      <section class="panel" part="panel" role="dialog" aria-labelledby="title" hidden>
        <header class="header" part="header">
          <img class="face" part="face" alt="" hidden />
          <div class="titles">
            <h2 class="title" id="title"></h2>
            <p class="status" data-state="idle" aria-live="polite"></p>
          </div>
          <button class="close" part="close-button" type="button" aria-label="Close and end the conversation" title="Close and end the conversation">${closeIcon}</button>
        </header>
        <div class="body" part="body"></div>
        <p class="footnote" part="footnote">Answers come from an AI avatar and can be wrong.</p>
      </section>
      <button class="launcher" part="launcher" type="button" aria-expanded="false">${chatIcon}${closeIcon}<span class="badge" aria-hidden="true"></span></button>`;
    this.#launcher.addEventListener('click', () => (this.open = !this.open));
    this.#launcher.addEventListener('pointerenter', () => void loadAvatarElement(this.server).catch(() => {}), { once: true });
    this.#root.querySelector('.close')!.addEventListener('click', () => (this.open = false));
    this.#panel.addEventListener('keydown', (event) => {
      // Escape closes the panel, unless the avatar is talking: then the avatar takes it as "stop".
      if (event.key === 'Escape' && this.#avatar?.state !== 'speaking') this.open = false;
    });
  }

  /** Broker URL: the `server` attribute, else the origin this script was loaded from. */
  get server(): string {
    return this.getAttribute('server') || defaultServer();
  }

  get open(): boolean {
    return this.hasAttribute('open');
  }

  set open(open: boolean) {
    this.toggleAttribute('open', open);
  }

  connectedCallback(): void {
    this.#renderHeading();
    // A visitor who left the panel open on the previous page finds it open here, talking again.
    if (!this.open && wasOpen(this.#scope)) {
      this.#restoring = true;
      this.open = true;
    } else if (this.open && this.#panel.hidden) {
      void this.#open(false); // moved within the page while open
    }
  }

  disconnectedCallback(): void {
    // Taken off the page: end the session, but do not forget that the visitor had it open.
    this.#close(false);
  }

  attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    if (name === 'heading') this.#renderHeading();
    if (name === 'server') this.#catalog = undefined;
    if ((name === 'avatar-id' || name === 'server') && this.open && old !== value) {
      // Another avatar or broker: start over with it.
      this.#close(false);
      void this.#open(false);
    }
    if (name !== 'open' || !this.isConnected || (old === null) === (value === null)) return;
    if (value !== null) {
      const byVisitor = !this.#restoring;
      this.#restoring = false;
      void this.#open(byVisitor);
    } else {
      this.#close(true);
    }
  }

  get #scope(): string {
    return this.getAttribute('avatar-id') || 'default';
  }

  get #launcher(): HTMLButtonElement {
    return this.#root.querySelector('.launcher')!;
  }

  get #panel(): HTMLElement {
    return this.#root.querySelector('.panel')!;
  }

  get #body(): HTMLElement {
    return this.#root.querySelector('.body')!;
  }

  /** `byVisitor`: opened by a click (greet, move focus), not restored on page load. */
  async #open(byVisitor: boolean): Promise<void> {
    const turn = ++this.#turn;
    rememberOpen(this.#scope, true);
    this.#panel.hidden = false;
    this.#launcher.setAttribute('aria-expanded', 'true');
    this.#launcher.setAttribute('aria-label', 'Close support chat');
    this.#status('connecting');
    this.#emitToggle(true);
    const server = this.server;
    try {
      const [avatar] = await Promise.all([this.#pickAvatar(server), loadAvatarElement(server)]);
      if (turn !== this.#turn) return;
      this.#mountAvatar(server, avatar, byVisitor);
    } catch (err) {
      if (turn !== this.#turn) return;
      this.#status('error');
      this.#showMessage(`The assistant could not start: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  #mountAvatar(server: string, avatar: AvatarSummary | undefined, byVisitor: boolean): void {
    const el = document.createElement('a2e-avatar') as AvatarElement;
    el.setAttribute('server', server);
    el.setAttribute('avatar-id', avatar?.id ?? this.getAttribute('avatar-id') ?? '');
    for (const name of ['context', 'language', 'voice', 'speech-engine']) {
      const value = this.getAttribute(name);
      if (value) el.setAttribute(name, value);
    }
    if (this.hasAttribute('barge-in')) el.setAttribute('barge-in', '');
    // The panel's close button ends the conversation, so the avatar needs no hang-up of its own.
    el.setAttribute('controls', 'chat mic mute captions');
    if (avatar?.previewImageUrl) this.#showFace(avatar.previewImageUrl);
    let greeted = !byVisitor;
    this.#unlisten.push(
      onAvatarEvent(el, 'a2e-state-change', ({ state }) => {
        this.#status(state);
        const greeting = this.getAttribute('greeting');
        if (state === 'connected' && !greeted && greeting) {
          greeted = true;
          el.speak(greeting).catch(() => {});
        }
      }),
    );
    this.#body.replaceChildren(el);
    this.#avatar = el;
    el.connect().catch(() => {
      // The element shows what went wrong, with a retry button, and emits a2e-error.
    });
    // Into the dialog, so keyboard and screen-reader users land where the conversation is.
    if (byVisitor) this.#root.querySelector<HTMLElement>('.close')?.focus({ preventScroll: true });
  }

  /** `forget`: a visitor's close, remembered for the next page; a removal from the page is not. */
  #close(forget: boolean): void {
    this.#turn++;
    if (forget) rememberOpen(this.#scope, false);
    const avatar = this.#avatar;
    this.#avatar = undefined;
    for (const unlisten of this.#unlisten.splice(0)) unlisten();
    // disconnect() ends the session upstream; removing the element afterwards drops its media.
    void avatar?.disconnect().catch(() => {});
    this.#body.replaceChildren();
    this.#panel.hidden = true;
    this.#launcher.setAttribute('aria-expanded', 'false');
    this.#launcher.setAttribute('aria-label', this.#openLabel);
    if (forget) {
      this.#emitToggle(false);
      if (this.#root.activeElement) this.#launcher.focus();
    }
  }

  async #pickAvatar(server: string): Promise<AvatarSummary | undefined> {
    this.#catalog ??= fetchAvatars(server).then((reply) => reply.avatars);
    const catalog = this.#catalog.catch((err: unknown) => {
      this.#catalog = undefined;
      throw err;
    });
    const wanted = this.getAttribute('avatar-id');
    const avatars = await catalog;
    const avatar = wanted ? avatars.find((a) => a.id === wanted) : avatars[0];
    if (!avatar && !wanted) throw new Error('the broker offers no avatars');
    return avatar;
  }

  get #openLabel(): string {
    return `Open ${this.getAttribute('heading') || 'support'} chat`;
  }

  #renderHeading(): void {
    this.#root.querySelector('.title')!.textContent = this.getAttribute('heading') || 'Support';
    this.#panel.setAttribute('aria-label', this.getAttribute('heading') || 'Support');
    if (!this.open) this.#launcher.setAttribute('aria-label', this.#openLabel);
  }

  #status(state: AvatarState): void {
    const status = this.#root.querySelector<HTMLElement>('.status')!;
    status.dataset.state = state;
    status.textContent = statusText[state];
  }

  #showFace(url: string): void {
    const face = this.#root.querySelector<HTMLImageElement>('.face')!;
    face.src = url;
    face.hidden = false;
    face.addEventListener('error', () => (face.hidden = true), { once: true });
  }

  #showMessage(text: string): void {
    const message = document.createElement('div');
    message.className = 'message';
    const line = document.createElement('p');
    line.textContent = text;
    const retry = document.createElement('button');
    retry.type = 'button';
    retry.textContent = 'Try again';
    retry.addEventListener('click', () => void this.#open(false));
    message.append(line, retry);
    this.#body.replaceChildren(message);
  }

  #emitToggle(open: boolean): void {
    this.dispatchEvent(new CustomEvent('a2e-support-toggle', { detail: { open }, bubbles: true, composed: true }));
  }
}
