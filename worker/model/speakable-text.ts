/**
 * A sentence as the avatar should say it. Chat models write Markdown even when asked not to, and
 * a text-to-speech voice reads it out ("asterisk asterisk"): drop emphasis marks, bullets,
 * headings, code ticks and link targets, keep the words. Empty when nothing speakable is left
 * (a rule `---`, a code fence), so the caller skips it.
 */
export function speakableText(sentence: string): string {
  const text = sentence
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1') // [words](url) -> words; images likewise
    .replace(/^\s{0,3}(?:#{1,6}\s+|>\s*)/, '') // heading, quote
    .replace(/^\s*(?:[-*+•]\s+)/, '') // bullet (numbered items keep their number: it is said)
    .replace(/(\*\*|\*|~~|`+)(?=\S)([^]*?\S)\1/g, '$2') // **bold**, *em*, `code` (not _: snake_case)
    .replace(/`+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return /[\p{L}\p{N}]/u.test(text) ? text : '';
}
