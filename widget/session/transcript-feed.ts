import type { SessionCallbacks } from './session-types';
import { TranscriptDedupe } from './transcript-dedupe';

type Host = Pick<SessionCallbacks, 'transcript' | 'avatarPartial' | 'avatarPartialEnd'>;

/**
 * The lines the session's host is told: each finished line once whichever source tells it
 * first, and the avatar's answer growing in one line while it arrives in pieces.
 */
export class TranscriptFeed {
  readonly #dedupe = new TranscriptDedupe();
  /** The last partial shown, while an answer grows. */
  #growing: string | undefined;

  constructor(private readonly host: Host) {}

  user(text: string): void {
    this.host.transcript('user', text);
  }

  /** The avatar's words as the broker's reply to speak / ask gave them. */
  fromReply(text: string): void {
    if (this.#dedupe.offer('reply', text)) this.host.transcript('avatar', text);
  }

  /** The avatar's answer so far, as the transport told it. */
  partial(text: string): void {
    this.#growing = text;
    this.host.avatarPartial?.(text);
  }

  /** A finished line of the avatar, as the transport told it; it ends a growing answer. */
  fromTransport(text: string): void {
    const growing = this.#growing !== undefined;
    this.#growing = undefined;
    const fresh = this.#dedupe.offer('transport', text);
    if (growing && this.host.avatarPartialEnd) this.host.avatarPartialEnd(fresh ? text : undefined);
    else if (fresh) this.host.transcript('avatar', text);
  }

  /**
   * The transport that was telling a growing answer is gone (a rejoin): its end will never
   * come, so what was shown becomes the line.
   */
  abandonPartial(): void {
    if (this.#growing !== undefined) this.fromTransport(this.#growing);
  }

  /** The session ended: a growing answer is simply forgotten with it. */
  reset(): void {
    this.#growing = undefined;
  }
}
