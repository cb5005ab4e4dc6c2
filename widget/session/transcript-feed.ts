import type { SessionCallbacks } from './session-types';
import { TranscriptDedupe } from './transcript-dedupe';

type Host = Pick<SessionCallbacks, 'transcript' | 'avatarPartial' | 'avatarPartialEnd'>;

/**
 * The lines the session's host is told: each finished line once whichever source tells it
 * first, and the avatar's answer growing in one line while it arrives in pieces (A2E's QA stream
 * messages through the transport, or a model's answer streamed by the broker).
 */
export class TranscriptFeed {
  readonly #dedupe = new TranscriptDedupe();
  /** The last partial shown, while an answer the transport tells grows. */
  #growing: string | undefined;
  /** The transport's lines while an ask is on its way (see `answer`). */
  #held: string[] | undefined;

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
    if (this.#held) {
      this.#held.push(text);
      return;
    }
    const growing = this.#growing !== undefined;
    this.#growing = undefined;
    const fresh = this.#dedupe.offer('transport', text);
    if (growing && this.host.avatarPartialEnd) this.host.avatarPartialEnd(fresh ? text : undefined);
    else if (fresh) this.host.transcript('avatar', text);
  }

  /**
   * One ask and its answer. `ask` runs with a callback for the pieces of a model's streamed
   * answer, which grow one line as the avatar is given them to say, and end as one finished line
   * (what was said, also when the answer was interrupted or failed halfway). A model's answer is
   * several speaks, each of which the simulator's room also tells, often before the broker's
   * stream does: the transport's lines wait until the ask is over, and those of the answer's
   * sentences are not shown again.
   */
  async answer(ask: (onPiece: (piece: string) => void) => Promise<{ text?: string }>): Promise<void> {
    const pieces: string[] = [];
    const said = () => pieces.join('').trim();
    this.#held ??= [];
    try {
      const reply = await ask((piece) => {
        pieces.push(piece);
        this.host.avatarPartial?.(said());
      });
      if (pieces.length === 0) {
        if (reply.text) this.fromReply(reply.text);
      } else {
        this.#endStreamed(reply.text ?? said());
      }
    } catch (err) {
      if (pieces.length > 0) this.#endStreamed(said());
      throw err;
    } finally {
      this.#release(pieces);
    }
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

  #endStreamed(text: string): void {
    if (this.host.avatarPartialEnd) this.host.avatarPartialEnd(text || undefined);
    else if (text) this.host.transcript('avatar', text);
  }

  /** The ask is over: the held lines go through, but not the answer's own sentences again. */
  #release(said: readonly string[]): void {
    const held = this.#held ?? [];
    this.#held = undefined;
    for (const piece of said) this.#dedupe.offer('reply', piece.trim());
    for (const line of held) this.fromTransport(line);
  }
}
