import { TranscriptDedupe } from './transcript-dedupe';

/** The lines the session's host is told, each once whichever source tells it first. */
export class TranscriptFeed {
  readonly #dedupe = new TranscriptDedupe();

  constructor(private readonly transcript: (role: 'user' | 'avatar', text: string) => void) {}

  user(text: string): void {
    this.transcript('user', text);
  }

  /** The avatar's words as the broker's reply to speak / ask gave them. */
  fromReply(text: string): void {
    if (this.#dedupe.offer('reply', text)) this.transcript('avatar', text);
  }

  /** The avatar's words as the transport told them. */
  fromTransport(text: string): void {
    if (this.#dedupe.offer('transport', text)) this.transcript('avatar', text);
  }
}
