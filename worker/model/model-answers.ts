import type { Env } from '../env';
import type { ModelConfig } from '../config';
import { a2eStreaming } from '../upstream/streaming-client';
import { EventChannel, singleEvent } from './answer-events';
import { ANSWER_LIMITS, budgetRefusal, EMPTY_BUDGET, tokensSpent, type AnswerBudget } from './answer-limits';
import { AnswerRun } from './answer-run';
import { streamCompletion } from './chat-client';
import { remember, type Turn } from './conversation';
import { buildMessages } from './prompt';

const HISTORY_KEY = 'model:history';
const BUDGET_KEY = 'model:budget';

export interface ModelAsk {
  question: string;
  /** The session's QA context, the knowledge of the system prompt. */
  context: string;
  language?: string;
  channel: string;
  /** When the session ends (Unix ms): a spent budget's Retry-After. */
  expiresAt: number;
  /** The settings of the request that asked (the same as the object's own, once deployed). */
  env: Env;
  config: ModelConfig;
  timeoutMs: number;
}

/**
 * The model's side of one session, inside the session's Durable Object: the conversation so far,
 * what the session has spent, and the answer in progress. Living in the one object every request
 * of the session reaches, the answer in progress can be stopped by an interrupt that arrived
 * through any isolate, and a new question always finds the last answer's end recorded.
 */
export class ModelAnswers {
  private current: AnswerRun | undefined;
  /** Settles once the latest ask's answer is over and recorded: the next ask starts after it. */
  private turn: Promise<void> = Promise.resolve();
  private latest = 0;

  constructor(private readonly kv: SyncKvStorage) {}

  /**
   * Starts answering, after interrupting the answer in progress and waiting for it to be recorded
   * (so the new question's history holds what was actually said). An ask overtaken by a newer one
   * while it waited never starts: it ends at once, interrupted.
   */
  async ask(ask: ModelAsk): Promise<ReadableStream<Uint8Array>> {
    const id = ++this.latest;
    this.current?.interrupt();
    const previous = this.turn;
    let release!: () => void;
    this.turn = new Promise((resolve) => (release = resolve));
    await previous;
    if (id !== this.latest) {
      release();
      return singleEvent({ type: 'done', text: '', interrupted: true });
    }
    try {
      const { stream, recorded } = this.begin(ask);
      void recorded.then(release);
      return stream;
    } catch (err) {
      release();
      throw err;
    }
  }

  /** Stops the answer in progress; whether there was anything to stop. */
  interrupt(): boolean {
    return this.current?.interrupt() ?? false;
  }

  private begin(ask: ModelAsk): { stream: ReadableStream<Uint8Array>; recorded: Promise<void> } {
    const budget = this.kv.get<AnswerBudget>(BUDGET_KEY) ?? EMPTY_BUDGET;
    const refusal = budgetRefusal(budget, (ask.expiresAt - Date.now()) / 1000);
    if (refusal) return { stream: singleEvent(refusal), recorded: Promise.resolve() };
    this.kv.put(BUDGET_KEY, { ...budget, asks: budget.asks + 1 });

    const history = this.kv.get<Turn[]>(HISTORY_KEY) ?? [];
    const messages = buildMessages(ask.context, history, ask.question, ask.language);
    const maxTokens = Math.max(1, Math.min(ANSWER_LIMITS.maxAnswerTokens, ANSWER_LIMITS.sessionTokens - budget.tokens));
    const events = new EventChannel();
    const run = new AnswerRun({
      pieces: (signal) => streamCompletion(ask.env, ask.config, { messages, maxTokens, signal, timeoutMs: ask.timeoutMs }),
      speak: (text) => a2eStreaming.speak(ask.env, ask.channel, text),
      emit: (event) => events.write(event),
      pacing: ask.config.speakPacing,
      timeoutMs: ask.timeoutMs,
      maxChars: ANSWER_LIMITS.maxAnswerChars,
    });
    this.current = run;
    const recorded = run.finished
      .then((outcome) => {
        if (outcome.said) this.kv.put(HISTORY_KEY, remember(history, { question: ask.question, answer: outcome.said }));
        const spent = this.kv.get<AnswerBudget>(BUDGET_KEY) ?? EMPTY_BUDGET;
        const tokens = tokensSpent(outcome.reportedTokens, outcome.generatedChars);
        this.kv.put(BUDGET_KEY, { ...spent, tokens: spent.tokens + tokens });
      })
      .catch((err: unknown) => {
        console.error(JSON.stringify({ level: 'error', where: 'model answer record', error: String(err) }));
      })
      .finally(() => {
        if (this.current === run) this.current = undefined;
        events.close();
      });
    return { stream: events.stream, recorded };
  }
}
