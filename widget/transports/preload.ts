import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { SessionRtc } from '../../protocol/broker-api';

/** When the element fetches its transport's code ahead of `connect()` (attribute `preload`). */
export type PreloadPolicy = 'visible' | 'intent' | 'none';

type TransportKind = SessionRtc['transport'];

export interface TransportPreloadOptions {
  /** The element's `preload` setting, read each time it could matter. */
  policy(): PreloadPolicy;
  /** Which transport this broker's sessions use (from its avatar list); undefined: unknown, load nothing. */
  kind(): Promise<TransportKind | undefined>;
  /** Downloads and evaluates the transport's code (the same loader connect() uses, so it is fetched once). */
  load(kind: TransportKind): Promise<unknown>;
}

/** Pointer, touch or keyboard coming to the element: a click on its connect button is likely next. */
const INTENT_EVENTS = ['pointerover', 'touchstart', 'focusin'] as const;
/** How long an idle callback may wait on a busy page before it runs anyway. */
const IDLE_TIMEOUT_MS = 2_000;

/**
 * Warms the code, never the session: fetches the transport (in live mode the Agora SDK, ~415 KB
 * gzipped, the long pole of a first connect on a slow link) before the visitor clicks connect, so
 * the click waits only for the session. `visible` (the default) starts when the element first
 * comes into view, in an idle moment so the page's own loading goes first; `intent` when the
 * pointer, a touch or the keyboard focus reaches the element; `none` leaves it to connect().
 * Of the broker it asks nothing but the public facts the element warms with the code (its
 * `/health`, once per page); no session, nothing billed. A visitor who asked the browser to save
 * data gets `intent` for `visible`.
 */
export class TransportPreload implements ReactiveController {
  #started = false;
  #observer: IntersectionObserver | undefined;
  #idle: (() => void) | undefined;
  #armed: PreloadPolicy | undefined;
  readonly #onIntent = () => this.#start();

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly options: TransportPreloadOptions,
  ) {
    host.addController(this);
  }

  /** Whether the transport's code was asked for (by this element). */
  get started(): boolean {
    return this.#started;
  }

  hostConnected(): void {
    this.#arm();
  }

  hostUpdated(): void {
    // The attribute may change after the element is on the page.
    if (this.#armed !== this.#policy()) this.#arm();
  }

  hostDisconnected(): void {
    this.#disarm();
  }

  #policy(): PreloadPolicy {
    const policy = this.options.policy();
    if (policy === 'visible' && saveData()) return 'intent';
    return policy === 'intent' || policy === 'none' ? policy : 'visible';
  }

  #arm(): void {
    this.#disarm();
    if (this.#started) return;
    const policy = (this.#armed = this.#policy());
    if (policy === 'none') return;
    for (const type of INTENT_EVENTS) this.host.addEventListener(type, this.#onIntent, { passive: true });
    if (policy === 'visible' && typeof IntersectionObserver === 'function') {
      this.#observer = new IntersectionObserver((entries) => {
        if (!entries.some((entry) => entry.isIntersecting)) return;
        this.#observer?.disconnect();
        this.#observer = undefined;
        this.#idle = whenIdle(() => this.#start());
      });
      this.#observer.observe(this.host);
    }
  }

  #disarm(): void {
    this.#armed = undefined;
    for (const type of INTENT_EVENTS) this.host.removeEventListener(type, this.#onIntent);
    this.#observer?.disconnect();
    this.#observer = undefined;
    this.#idle?.();
    this.#idle = undefined;
  }

  #start(): void {
    if (this.#started) return;
    this.#started = true;
    this.#disarm();
    // A failure costs nothing: connect() loads the transport again and reports what goes wrong.
    void this.options
      .kind()
      .then((kind) => (kind ? this.options.load(kind) : undefined))
      .catch(() => undefined);
  }
}

/** Runs `fn` when the page is idle (or soon, where the browser has no requestIdleCallback); returns a cancel. */
function whenIdle(fn: () => void): () => void {
  if (typeof requestIdleCallback === 'function') {
    const handle = requestIdleCallback(fn, { timeout: IDLE_TIMEOUT_MS });
    return () => cancelIdleCallback(handle);
  }
  const timer = setTimeout(fn, 0);
  return () => clearTimeout(timer);
}

function saveData(): boolean {
  return (navigator as Navigator & { connection?: { saveData?: boolean } }).connection?.saveData === true;
}
