import { parseStreamData } from '../../protocol/stream-data';
import type { TransportEvents } from './transport';

export interface QaStreamEvents {
  /** The answer so far, the whole text each time (the caller replaces what it showed). */
  partial(text: string): void;
  /** The answer is complete, or taken as complete; once per answer. */
  answer(text: string): void;
}

export interface QaStreamOptions {
  /** How long the avatar must stay silent before an answer without its `end` counts as over. */
  silenceGraceMs?: number;
}

/** Longer than the pause between two sentences of one answer, short enough for a caption. */
const DEFAULT_SILENCE_GRACE_MS = 1_500;

/**
 * Assembles A2E's QA stream messages (protocol/stream-data.ts) into answers, for both
 * transports. A2E documents the happy order only (start, middles, end); the rest is our choice:
 * - a `middle` or `end` with no answer open begins one (its `start` was missed, or comes late);
 * - a `start` arriving for an answer begun that way goes in front of it: one answer, in order;
 * - a `start` (or a whole message) while an answer with its own start is open closes that one
 *   first: its `end` never came;
 * - an open answer also closes when the avatar has been silent for `silenceGraceMs` (a piece
 *   arriving meanwhile restarts the wait; speech resuming cancels it).
 * Anything that is not a QA message is ignored.
 */
export class QaStream {
  #open: { text: string; started: boolean } | undefined;
  #silenceTimer: ReturnType<typeof setTimeout> | undefined;
  readonly #graceMs: number;

  constructor(
    private readonly events: QaStreamEvents,
    options: QaStreamOptions = {},
  ) {
    this.#graceMs = options.silenceGraceMs ?? DEFAULT_SILENCE_GRACE_MS;
  }

  /** One whole stream message (its JSON content). */
  receive(content: string): void {
    const data = parseStreamData(content);
    if (!data) return;
    const open = this.#open;
    switch (data.pos) {
      case undefined:
        this.#close();
        this.#emit(data.message);
        return;
      case 'start':
        if (open && !open.started) {
          open.text = data.message + open.text;
          open.started = true;
        } else {
          this.#close();
          this.#open = { text: data.message, started: true };
        }
        break;
      case 'middle':
        if (open) open.text += data.message;
        else this.#open = { text: data.message, started: false };
        break;
      case 'end':
        this.#open = undefined;
        this.#stopWaiting();
        this.#emit((open?.text ?? '') + data.message);
        return;
    }
    this.#grew();
  }

  /** The avatar's speaking state, as the transport detects it. */
  speaking(speaking: boolean): void {
    if (speaking) this.#stopWaiting();
    else if (this.#open) this.#waitForSilence();
  }

  /** Forgets an unfinished answer and its timer (the transport is leaving). */
  stop(): void {
    this.#stopWaiting();
    this.#open = undefined;
  }

  #grew(): void {
    if (this.#silenceTimer !== undefined) this.#waitForSilence();
    const text = this.#open?.text.trim();
    if (text) this.events.partial(text);
  }

  #waitForSilence(): void {
    this.#stopWaiting();
    this.#silenceTimer = setTimeout(() => {
      this.#silenceTimer = undefined;
      this.#close();
    }, this.#graceMs);
  }

  #stopWaiting(): void {
    clearTimeout(this.#silenceTimer);
    this.#silenceTimer = undefined;
  }

  #close(): void {
    this.#stopWaiting();
    const open = this.#open;
    this.#open = undefined;
    if (open) this.#emit(open.text);
  }

  #emit(text: string): void {
    const answer = text.trim();
    if (answer) this.events.answer(answer);
  }
}

/** A transport's QaStream: the growing answer goes out as `avatarTextPartial`, the whole one as `avatarText`. */
export function transportQaStream(events: () => TransportEvents | undefined, options?: QaStreamOptions): QaStream {
  return new QaStream(
    {
      partial: (text) => events()?.avatarTextPartial?.(text),
      answer: (text) => events()?.avatarText?.(text),
    },
    options,
  );
}
