/** Input that shows a person is at the page. Pointer moves count: someone reading and moving the mouse is there. */
const ACTIVITY_EVENTS = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart', 'input'] as const;

/**
 * When the visitor last did something, for the heartbeat (keep a paid session only for someone
 * who is there) and the idle timer. Listens on the document only between start() and stop().
 */
export class ActivityTracker {
  #last = 0;
  #listening: Document | undefined;
  readonly #onActivity = () => this.touch();

  constructor(private readonly now: () => number = () => Date.now()) {}

  start(doc: Document = document): void {
    this.touch();
    if (this.#listening) return;
    this.#listening = doc;
    for (const type of ACTIVITY_EVENTS) doc.addEventListener(type, this.#onActivity, { capture: true, passive: true });
  }

  stop(): void {
    const doc = this.#listening;
    this.#listening = undefined;
    if (!doc) return;
    for (const type of ACTIVITY_EVENTS) doc.removeEventListener(type, this.#onActivity, { capture: true });
  }

  /** Activity the document does not see: a spoken question, an API call, the avatar talking. */
  touch(): void {
    this.#last = this.now();
  }

  get lastActive(): number {
    return this.#last;
  }

  idleFor(): number {
    return this.now() - this.#last;
  }
}
