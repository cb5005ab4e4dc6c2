import type { ReactiveController, ReactiveControllerHost } from 'lit';

export interface PlaybackHost extends ReactiveControllerHost {
  readonly muted: boolean;
}

/**
 * Plays the avatar's stream in the element's <video>, and handles browsers that block sound
 * until a gesture: the face then plays muted and `audioBlocked` asks for a tap.
 */
export class PlaybackController implements ReactiveController {
  #stream: MediaStream | null = null;
  #blocked = false;
  /** What the video's mute was last set from, so it changes only when one of them does. */
  #applied: { muted: boolean; blocked: boolean } | undefined;

  constructor(
    private readonly host: PlaybackHost,
    private readonly video: () => HTMLVideoElement | null,
    /** The browser blocked sound (once per blocked stream). */
    private readonly onBlocked: () => void,
  ) {
    host.addController(this);
  }

  get audioBlocked(): boolean {
    return this.#blocked;
  }

  hostUpdated(): void {
    const { muted } = this.host;
    if (this.#applied?.muted === muted && this.#applied.blocked === this.#blocked) return;
    this.#applied = { muted, blocked: this.#blocked };
    const video = this.video();
    if (video) video.muted = muted || this.#blocked;
  }

  async attach(stream: MediaStream | null): Promise<void> {
    this.#stream = stream;
    await this.host.updateComplete;
    const video = this.video();
    if (!video || this.#stream !== stream) return;
    if (video.srcObject !== stream) video.srcObject = stream;
    if (!stream) {
      this.#setBlocked(false);
      return;
    }
    video.muted = this.host.muted;
    try {
      await video.play();
    } catch (err) {
      if (!(err instanceof DOMException) || err.name !== 'NotAllowedError' || this.#stream !== stream) return;
      // The browser wants a gesture before sound: show the face muted, and ask for a tap.
      this.#setBlocked(true);
      video.muted = true;
      this.onBlocked();
      await video.play().catch(() => {});
    }
  }

  /** Call from the visitor's tap itself, so the browser counts it as the gesture it wanted. */
  unblock(): void {
    this.#setBlocked(false);
    const video = this.video();
    if (!video) return;
    video.muted = this.host.muted;
    video.play().catch(() => {
      this.#setBlocked(true);
      video.muted = true;
    });
  }

  #setBlocked(blocked: boolean): void {
    if (blocked === this.#blocked) return;
    this.#blocked = blocked;
    this.host.requestUpdate();
  }
}
