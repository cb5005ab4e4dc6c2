import type { AnswerErrorEvent } from './answer-events';

/**
 * What one session may spend on the model: every answer costs model tokens, and a visitor (or a
 * script holding a ticket, from many addresses) cannot run them up past these, whatever the
 * per-address utterance rate allows.
 */
export const ANSWER_LIMITS = {
  /** `max_tokens` of each completion: about 200 words, a minute and a half of speech. */
  maxAnswerTokens: 300,
  /** Cut here even when a server ignores `max_tokens` (it ends at the last complete sentence). */
  maxAnswerChars: 1_500,
  /** Questions one session may ask the model. */
  sessionAsks: 60,
  /** Answer tokens one session may spend in all. */
  sessionTokens: 12_000,
} as const;

/** What a session has spent so far. */
export interface AnswerBudget {
  asks: number;
  tokens: number;
}

export const EMPTY_BUDGET: AnswerBudget = { asks: 0, tokens: 0 };

/** A refusal when the session has spent its budget; `retryAfter` is when the session ends anyway. */
export function budgetRefusal(budget: AnswerBudget, secondsLeft: number): AnswerErrorEvent | undefined {
  const spent =
    budget.asks >= ANSWER_LIMITS.sessionAsks
      ? `${ANSWER_LIMITS.sessionAsks} questions`
      : budget.tokens >= ANSWER_LIMITS.sessionTokens
        ? 'its answer budget'
        : undefined;
  if (!spent) return undefined;
  return {
    type: 'error',
    status: 429,
    code: 'rate_limited',
    message: `This session has used ${spent}. Start a new session to ask more.`,
    retryAfter: Math.max(1, Math.ceil(secondsLeft)),
  };
}

/** Tokens an answer cost: the model's own count where it gives one, else about four characters a token. */
export function tokensSpent(reported: number | undefined, generatedChars: number): number {
  return reported ?? Math.ceil(generatedChars / 4);
}
