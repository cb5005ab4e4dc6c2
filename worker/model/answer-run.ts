import { ApiError } from '../errors';
import type { AnswerErrorEvent, AnswerEvent } from './answer-events';
import type { ChatPiece } from './chat-stream';
import { faultEvent, logFault, ModelFault } from './model-fault';
import { SentenceSplitter } from './sentence-splitter';
import { speakableText } from './speakable-text';
import { nextSendAt } from './speech-pacing';

/**
 * How long a sentence that probably ended ("…a plain word.") waits for the next piece of text to
 * confirm it. A fast model's next token arrives within it and settles the doubt (a closing quote,
 * "?!", a domain's ".com"); a slow model's does not, and the sentence goes anyway, well inside
 * the 30 ms from its last token to A2E that the benchmark holds us to.
 */
export const TENTATIVE_GRACE_MS = 10;

export interface AnswerRunInput {
  /** The completion, cancelled through `signal` (an interrupt or an early end). */
  pieces(signal: AbortSignal): AsyncIterable<ChatPiece>;
  /** A2E's `speak` of one sentence; resolves once A2E took it. */
  speak(text: string): Promise<void>;
  emit(event: AnswerEvent): void;
  pacing: 'queue' | 'paced';
  /** For the message of a stalled model. */
  timeoutMs: number;
  /** The answer is cut (at its last complete sentence) past this many characters. */
  maxChars: number;
}

export interface AnswerOutcome {
  /** What the avatar was given to say: the conversation keeps this, not what the model wrote. */
  said: string;
  interrupted: boolean;
  failed: boolean;
  /** Answer tokens spent: the model's own count where it sent one. */
  reportedTokens: number | undefined;
  generatedChars: number;
}

/**
 * One answer: reads the completion, cuts it into sentences, and hands each to A2E's `speak` the
 * moment it is complete, one after another in order (never two at once: their order is what the
 * avatar says). Reports each sentence A2E took as a `delta`, then `done`, or an `error`.
 *
 * Stopping, for whatever reason (an interrupt, a model fault, a speak A2E refused), is the same:
 * the completion is aborted upstream and no further sentence is sent; a sentence already on its
 * way to A2E counts as said. An unfinished sentence is never spoken, and nothing is retried, so
 * nothing is said twice.
 */
export class AnswerRun {
  readonly finished: Promise<AnswerOutcome>;
  private readonly upstream = new AbortController();
  private readonly splitter = new SentenceSplitter();
  private readonly queue: string[] = [];
  private readonly said: string[] = [];
  private generating = true;
  private stopped: 'interrupted' | 'failed' | undefined;
  private fault: AnswerErrorEvent | undefined;
  private draining: Promise<void> | undefined;
  private grace: ReturnType<typeof setTimeout> | undefined;
  /** Paced mode: when the next sentence may go, and how to cut that wait short. */
  private nextAt = 0;
  private wakePacing: (() => void) | undefined;

  constructor(private readonly input: AnswerRunInput) {
    this.finished = this.run();
  }

  /** Stops the answer; true when something was still being generated or waiting to be said. */
  interrupt(): boolean {
    if (this.stopped || (!this.generating && this.queue.length === 0)) return false;
    this.stop('interrupted');
    return true;
  }

  private async run(): Promise<AnswerOutcome> {
    let generatedChars = 0;
    let reportedTokens: number | undefined;
    let finishReason: string | undefined;
    let cut = false;
    try {
      for await (const piece of this.input.pieces(this.upstream.signal)) {
        if (this.stopped) break;
        if (piece.type === 'text') {
          generatedChars += piece.text.length;
          this.clearGrace();
          this.enqueue(this.splitter.push(piece.text));
          if (generatedChars > this.input.maxChars) {
            cut = true;
            break;
          }
          if (this.splitter.tentative) this.armGrace();
        } else if (piece.type === 'finish') {
          finishReason = piece.reason;
        } else {
          reportedTokens = piece.completionTokens;
        }
      }
    } catch (err) {
      if (!this.stopped) this.fail(err);
    } finally {
      this.generating = false;
      this.clearGrace();
      this.upstream.abort(); // ends a cut-off completion upstream; a finished one is unaffected
    }
    if (!this.stopped) {
      if (cut || finishReason === 'length') {
        // Cut off mid-sentence: say what was complete, drop the rest.
        this.enqueue([this.splitter.takeTentative() ?? '']);
        this.splitter.discard();
      } else {
        this.enqueue(this.splitter.finish());
      }
    }
    while (this.draining) await this.draining;

    const text = this.said.join(' ');
    if (this.fault) this.input.emit(this.fault);
    else this.input.emit({ type: 'done', text, interrupted: this.stopped === 'interrupted' });
    return { said: text, interrupted: this.stopped === 'interrupted', failed: this.fault !== undefined, reportedTokens, generatedChars };
  }

  private enqueue(sentences: string[]): void {
    if (this.stopped) return;
    for (const sentence of sentences) {
      const text = speakableText(sentence);
      if (text) this.queue.push(text);
    }
    if (this.queue.length > 0 && !this.draining) {
      this.draining = this.drain().finally(() => (this.draining = undefined));
    }
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0 && !this.stopped) {
      if (this.input.pacing === 'paced') await this.paceWait();
      if (this.stopped) return;
      const text = this.queue.shift()!;
      try {
        await this.input.speak(text);
      } catch (err) {
        if (!this.stopped) this.fail(err);
        return;
      }
      this.nextAt = nextSendAt(Date.now(), text);
      this.input.emit({ type: 'delta', text: this.said.length > 0 ? ` ${text}` : text });
      this.said.push(text);
    }
  }

  private paceWait(): Promise<void> {
    const wait = this.nextAt - Date.now();
    if (wait <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, wait);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakePacing = done;
    });
  }

  private armGrace(): void {
    this.grace ??= setTimeout(() => {
      this.grace = undefined;
      const sentence = this.splitter.takeTentative();
      if (sentence) this.enqueue([sentence]);
    }, TENTATIVE_GRACE_MS);
  }

  private clearGrace(): void {
    if (this.grace !== undefined) clearTimeout(this.grace);
    this.grace = undefined;
  }

  private fail(err: unknown): void {
    this.fault = toErrorEvent(err, this.input.timeoutMs);
    this.stop('failed');
  }

  private stop(why: 'interrupted' | 'failed'): void {
    this.stopped = why;
    this.queue.length = 0;
    this.clearGrace();
    this.splitter.discard();
    this.upstream.abort();
    this.wakePacing?.();
  }
}

function toErrorEvent(err: unknown, timeoutMs: number): AnswerErrorEvent {
  if (err instanceof ModelFault) {
    logFault(err);
    return faultEvent(err, timeoutMs);
  }
  // A2E refused or failed a speak: callA2e has logged it and worded a public message.
  if (err instanceof ApiError && (err.status === 502 || err.status === 504)) {
    return { type: 'error', status: err.status, code: err.code, message: err.message };
  }
  console.error(JSON.stringify({ level: 'error', where: 'model answer', error: err instanceof Error ? err.name : 'non-error thrown' }));
  return { type: 'error', status: 502, code: 'upstream_error', message: 'The answer failed on its way to the avatar.' };
}
