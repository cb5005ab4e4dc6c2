/**
 * The simulated avatar's question answering: a plain retrieval over the channel's QA context.
 * The context is split into sentences; each is scored by the question's content words it shares
 * (weighted by rarity across the context, so "the shop" matters less than "refund"); the best
 * one or two sentences are the answer, in their original order. No overlap: a polite fallback.
 */

export const FALLBACK_ANSWER =
  "I'm not sure about that. Could you ask me something else, or put the question another way?";

/** A second sentence joins the answer only when it scores at least this share of the best one. */
const SECOND_SENTENCE_SHARE = 0.6;

const STOP_WORDS = new Set(
  (
    'a an and are as at be been but by can could did do does for from had has have how i if in into is it its ' +
    'me my no not of on or our so than that the their them then there these they this to was we were what ' +
    'when where which who whom why will with would you your yours about any some tell please know want ' +
    "also just more most much very should shall may might am i'm it's there's do you're"
  ).split(' '),
);

export function splitSentences(context: string): string[] {
  return context
    .split(/(?<=[.!?])\s+|\n+/)
    .map((sentence) => sentence.trim())
    .filter((sentence) => /\p{L}|\p{N}/u.test(sentence));
}

/** Lower-cased content words, with plural and common verb endings folded ("refunds" = "refund"). */
export function contentWords(text: string): string[] {
  const words = text.toLowerCase().normalize('NFKD').replace(/\p{M}/gu, '').match(/[\p{L}\p{N}']+/gu) ?? [];
  return words
    .map((word) => word.replace(/^'+|'+$/g, ''))
    .filter((word) => word && !STOP_WORDS.has(word))
    .map(stem);
}

function stem(word: string): string {
  if (word.length <= 3) return word;
  if (word.endsWith("'s")) return word.slice(0, -2);
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (word.endsWith('ing') && word.length > 5) return word.slice(0, -3);
  if (word.endsWith('ed') && word.length > 4) return word.slice(0, -2);
  if (word.endsWith('es') && word.length > 4 && /(?:ss|sh|ch|x|z)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

export function answerFromContext(context: string, question: string): string {
  const sentences = splitSentences(context);
  const asked = new Set(contentWords(question));
  if (sentences.length === 0 || asked.size === 0) return FALLBACK_ANSWER;

  const sentenceWords = sentences.map((sentence) => new Set(contentWords(sentence)));
  const weight = (word: string) => {
    const containing = sentenceWords.filter((words) => words.has(word)).length;
    return containing ? 1 + Math.log(sentences.length / containing) : 0;
  };
  const scored = sentences.map((sentence, index) => {
    let score = 0;
    for (const word of asked) if (sentenceWords[index]!.has(word)) score += weight(word);
    return { sentence, index, score };
  });

  const ranked = scored.filter((entry) => entry.score > 0).sort((a, b) => b.score - a.score || a.index - b.index);
  const [best, second] = ranked;
  if (!best) return FALLBACK_ANSWER;
  const chosen = second && second.score >= best.score * SECOND_SENTENCE_SHARE ? [best, second] : [best];
  return chosen
    .sort((a, b) => a.index - b.index)
    .map((entry) => entry.sentence)
    .join(' ');
}
