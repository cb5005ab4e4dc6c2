type Source = 'transport' | 'reply';

/**
 * The avatar's words may arrive twice: from the broker's reply to speak (or to an ask answered
 * by a model) and from the transport (A2E's QA stream messages; the simulator's room also tells
 * what it speaks). Each line is shown once, whichever comes first; a line that only one source
 * ever tells (A2E's ask reply carries no answer, Agora carries no speak text) expires unseen.
 */
export class TranscriptDedupe {
  readonly #pending: Record<Source, { text: string; at: number }[]> = { transport: [], reply: [] };

  constructor(
    private readonly ttlMs = 30_000,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Returns whether `text` from `source` is new and should be shown. */
  offer(source: Source, text: string): boolean {
    const at = this.now();
    const key = text.trim();
    for (const list of Object.values(this.#pending)) {
      while (list.length > 0 && at - list[0]!.at > this.ttlMs) list.shift();
    }
    const other = this.#pending[source === 'transport' ? 'reply' : 'transport'];
    const seen = other.findIndex((entry) => entry.text === key);
    if (seen >= 0) {
      other.splice(seen, 1);
      return false;
    }
    this.#pending[source].push({ text: key, at });
    return true;
  }
}
