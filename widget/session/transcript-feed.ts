import { TranscriptDedupe } from './transcript-dedupe';

/** The lines the session's host is told, each once whichever source tells it first. */
export class TranscriptFeed {
  readonly #dedupe = new TranscriptDedupe();
  #held: string[] | undefined;

  constructor(private readonly transcript: (role: 'user' | 'avatar', text: string) => void) {}

  user(text: string): void {
    this.transcript('user', text);
  }

  /** The avatar's words as the broker's reply to speak / ask gave them. */
  fromReply(text: string): void {
    if (this.#dedupe.offer('reply', text)) this.transcript('avatar', text);
  }

  /** The avatar's words as the transport told them (held while an ask is on its way). */
  fromTransport(text: string): void {
    if (this.#held) this.#held.push(text);
    else if (this.#dedupe.offer('transport', text)) this.transcript('avatar', text);
  }

  /**
   * One ask's answer: `ask` runs with a callback for the pieces of a model's streamed answer; the
   * answer, where the broker tells it, is one line.
   */
  async answer(ask: (onPiece: (piece: string) => void) => Promise<{ text?: string }>): Promise<void> {
    const pieces: string[] = [];
    this.holdTransport();
    try {
      const reply = await ask((piece) => pieces.push(piece));
      this.releaseTransport(pieces);
      if (reply.text) this.fromReply(reply.text);
    } finally {
      this.releaseTransport();
    }
  }

  /**
   * An ask is on its way. A model's answer is several speaks, each of which the simulator's room
   * also tells, often before the broker's stream does: the transport's lines wait until the ask
   * is over, so the answer is one line, not one per sentence.
   */
  holdTransport(): void {
    this.#held ??= [];
  }

  /** The ask is over; `said`: the pieces of a model's answer, which the transport's lines do not repeat. */
  releaseTransport(said: readonly string[] = []): void {
    const held = this.#held ?? [];
    this.#held = undefined;
    for (const piece of said) this.#dedupe.offer('reply', piece.trim());
    for (const line of held) this.fromTransport(line);
  }
}
