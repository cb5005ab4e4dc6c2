/**
 * The conversation so far, as the model sees it: each question with what the avatar actually said
 * in reply (an interrupted answer keeps only its spoken part). Bounded, oldest first out, so the
 * prompt stays small and cheap however long a visitor talks.
 */
export interface Turn {
  question: string;
  answer: string;
}

export const MAX_TURNS = 8;
export const MAX_HISTORY_CHARS = 6_000;

export function remember(history: readonly Turn[], turn: Turn): Turn[] {
  const turns = [...history, turn];
  let chars = turns.reduce((sum, t) => sum + t.question.length + t.answer.length, 0);
  while (turns.length > MAX_TURNS || (chars > MAX_HISTORY_CHARS && turns.length > 1)) {
    const dropped = turns.shift()!;
    chars -= dropped.question.length + dropped.answer.length;
  }
  return turns;
}
