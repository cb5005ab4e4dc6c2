import type { ReactiveController, ReactiveControllerHost } from 'lit';

export interface PlaybackHost extends ReactiveControllerHost {
  readonly muted: boolean;
}

/**
 * Plays the avatar's stream: its picture in the element's <video> (always muted, so it autoplays
 * everywhere, `playsinline` for iOS) and its voice in an <audio> beside it. Kept apart because a
 * picture must never wait on sound that cannot play yet: WebKit gives a <video> whose stream also
 * holds an audio track it cannot start (a WebAudio track before the page's first gesture, as the
 * simulator's voice is) no frame at all, and its play() never settles. When the browser blocks
 * sound until a gesture, the face plays on and `audioBlocked` asks for a tap.
 */
export class PlaybackController implements ReactiveController {
  #stream: MediaStream | null = null;
  #blocked = false;
  /** What the voice's mute was last set from, so it changes only when one of them does. */
  #applied: { muted: boolean; blocked: boolean } | undefined;

  constructor(
    private readonly host: PlaybackHost,
    private readonly video: () => HTMLVideoElement | null,
    private readonly audio: () => HTMLAudioElement | null,
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
    const audio = this.audio();
    if (audio) audio.muted = muted || this.#blocked;
  }

  async attach(stream: MediaStream | null): Promise<void> {
    this.#stream = stream;
    await this.host.updateComplete;
    const video = this.video();
    const audio = this.audio();
    if (!video || !audio || this.#stream !== stream) return;
    const changed = [setTracks(video, stream?.getVideoTracks() ?? []), setTracks(audio, stream?.getAudioTracks() ?? [])];
    if (!stream) {
      this.#setBlocked(false);
      return;
    }
    video.muted = true;
    if (changed[0] || video.paused) video.play().catch(() => {});
    if (!audio.srcObject || !(changed[1] || audio.paused)) return;
    audio.muted = this.host.muted || this.#blocked;
    if (this.#blocked) return; // the tap plays it
    try {
      await audio.play();
    } catch (err) {
      if (!(err instanceof DOMException) || err.name !== 'NotAllowedError' || this.#stream !== stream) return;
      // The browser wants a gesture before sound: the face plays on, and we ask for a tap. No
      // muted play() meanwhile: there is nothing to hear, and in WebKit it may never settle.
      this.#setBlocked(true);
      this.onBlocked();
    }
  }

  /** Call from the visitor's tap itself, so the browser counts it as the gesture it wanted. */
  unblock(): void {
    this.#setBlocked(false);
    const audio = this.audio();
    if (!audio?.srcObject) return;
    audio.muted = this.host.muted;
    audio.play().catch(() => this.#setBlocked(true));
  }

  #setBlocked(blocked: boolean): void {
    if (blocked === this.#blocked) return;
    this.#blocked = blocked;
    this.host.requestUpdate();
  }
}

/** Gives `media` exactly these tracks (a new stream only when they differ); true when it changed. */
function setTracks(media: HTMLMediaElement, tracks: MediaStreamTrack[]): boolean {
  const current = (media.srcObject as MediaStream | null)?.getTracks() ?? [];
  if (current.length === tracks.length && tracks.every((track) => current.includes(track))) return false;
  media.srcObject = tracks.length ? new MediaStream(tracks) : null;
  return true;
}
