import { answerFromContext } from '../streaming/qa-retrieval';

/** The markers of the broker's system prompt (worker/model/prompt.ts) around the session's context. */
const KNOWLEDGE = /<knowledge>\n?([^]*?)\n?<\/knowledge>/;

export interface StandInMessage {
  role: string;
  content: string;
}

/**
 * What the stand-in model answers: the simulator's plain retrieval (the same as its A2E QA) over
 * the context in the system prompt, for the last user message. A system prompt without the
 * broker's knowledge block counts as context whole, so any OpenAI client gets a sensible answer.
 */
export function standInAnswer(messages: readonly StandInMessage[]): string {
  const system = messages.filter((m) => m.role === 'system').map((m) => m.content).join('\n');
  const context = KNOWLEDGE.exec(system)?.[1] ?? system;
  const question = [...messages].reverse().find((m) => m.role === 'user')?.content ?? '';
  return answerFromContext(context === '(none given)' ? '' : context, question);
}

/**
 * Tokens roughly as OpenAI's tokenizers cut English: words with their leading space, and a
 * sentence's punctuation apart; a dot inside a word ("example.com", "3.50") stays in it.
 */
export function standInTokens(text: string): string[] {
  return text.match(/\s*[.,!?;:]+(?=\s|$)|\s*(?:[^\s.,!?;:]|[.,!?;:](?!\s|$))+/g) ?? [];
}
