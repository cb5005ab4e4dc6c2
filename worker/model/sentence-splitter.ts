/**
 * Cuts a model's streamed answer into sentences, each sent to A2E's `speak` as soon as it is
 * complete. A wrong cut is worse than a late one (the avatar would pause mid-sentence, or say
 * "Dr" as a sentence of its own), so whatever is ambiguous waits for the next piece of text: a
 * full stop after an abbreviation, an initial, a number (a decimal or a list's "1."), an ellipsis.
 * A plain word's full stop, or a question or exclamation mark, ends a sentence the moment it
 * arrives, "tentatively": the caller may wait a few milliseconds for the next piece to confirm it,
 * then takes it anyway (the first sentence's latency is what a visitor feels).
 *
 * A long sentence is cut at a clause (a comma, semicolon, colon or dash followed by a space); one
 * without any is cut at a space. Never inside a word, except a "word" longer than A2E accepts.
 */

/** A sentence this long, with a clause break in it, is cut at the break. */
export const SOFT_MAX_CHARS = 180;
/** Past this, a sentence with no clause break is cut at its last space. */
export const HARD_MAX_CHARS = 320;
/** A2E's `speak` limit (protocol MAX_TEXT_LENGTH): beyond it, even a run without spaces is cut. */
export const ABSOLUTE_MAX_CHARS = 1000;
/** A clause cut leaves at least this much before it, so the avatar never says two words alone. */
const MIN_CLAUSE_CHARS = 40;

const TERMINATORS = '.!?…';
const CLOSERS = `"'”’)]»`;
/** Words whose full stop never ends a sentence (a title or a Latin abbreviation before more text). */
const NEVER_FINAL = new Set(
  'mr mrs ms dr prof sr jr st mt capt col gen lt sgt rev hon fr vs no nos fig figs approx ca cf e.g i.e viz al op vol pp'.split(' '),
);
/** Words whose full stop may end a sentence, but only when a capital follows ("etc. Then"). */
const MAYBE_FINAL = new Set('etc inc ltd co corp dept est min max misc jan feb mar apr jun jul aug sep sept oct nov dec'.split(' '));

type Cut = { kind: 'sentence'; end: number; next: number } | { kind: 'tentative'; end: number } | { kind: 'none' };

export class SentenceSplitter {
  private buffer = '';
  /** The last cut was tentative: a closer or terminator arriving next belongs to the sentence already sent. */
  private afterTentative = false;

  /** Adds streamed text; returns the sentences it completed, in order. */
  push(text: string): string[] {
    this.buffer += text;
    if (this.afterTentative) this.dropStrayPunctuation();
    const sentences: string[] = [];
    for (;;) {
      const sentence = this.nextSentence();
      if (sentence === undefined) return sentences;
      if (sentence) sentences.push(sentence);
    }
  }

  /** Whether the text so far ends where a sentence probably ends, awaiting confirmation. */
  get tentative(): boolean {
    return findCut(this.buffer).kind === 'tentative';
  }

  /** Takes the tentatively complete sentence now (the caller waited long enough). */
  takeTentative(): string | undefined {
    const cut = findCut(this.buffer);
    if (cut.kind !== 'tentative') return undefined;
    const sentence = this.buffer.slice(0, cut.end).trim();
    this.buffer = this.buffer.slice(cut.end).trimStart();
    this.afterTentative = true;
    return sentence || undefined;
  }

  /** The answer is complete: whatever is left is its last sentence (or sentences). */
  finish(): string[] {
    const sentences = this.push('');
    const tentative = this.takeTentative();
    if (tentative) sentences.push(tentative);
    const rest = this.buffer.trim();
    this.buffer = '';
    if (rest) sentences.push(...cutLong(rest, true));
    return sentences;
  }

  /** Drops what is buffered (the answer was cut off): an unfinished sentence is never spoken. */
  discard(): string {
    const rest = this.buffer;
    this.buffer = '';
    return rest;
  }

  /** undefined: nothing more to take now; '' : a cut produced only whitespace. */
  private nextSentence(): string | undefined {
    const cut = findCut(this.buffer);
    if (cut.kind === 'sentence') {
      const sentence = this.buffer.slice(0, cut.end).trim();
      this.buffer = this.buffer.slice(cut.next);
      this.afterTentative = false;
      return sentence;
    }
    const open = cut.kind === 'tentative' ? this.buffer.slice(0, cut.end) : this.buffer;
    if (open.length <= SOFT_MAX_CHARS) return undefined;
    const [first] = cutLong(open, false);
    if (first === undefined || first.length >= open.trim().length) return undefined;
    const taken = this.buffer.indexOf(first) + first.length;
    this.buffer = this.buffer.slice(taken).trimStart();
    this.afterTentative = false;
    return first;
  }

  /** `word.` sent tentatively, then `" Next`: the closing quote is the old sentence's, already said. */
  private dropStrayPunctuation(): void {
    const stray = /^[.!?…"'”’)\]»]+(?=\s|$)/.exec(this.buffer);
    if (stray && stray[0].length < this.buffer.length) {
      this.buffer = this.buffer.slice(stray[0].length).trimStart();
      this.afterTentative = false;
    } else if (/^\s*[^\s.!?…"'”’)\]»]/.test(this.buffer)) {
      this.afterTentative = false;
    }
  }
}

/** The first sentence end in `text`, if it can be told yet. */
function findCut(text: string): Cut {
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (char === '\n') {
      if (text.slice(0, i).trim()) return { kind: 'sentence', end: i, next: skipSpace(text, i) };
      continue;
    }
    if (!TERMINATORS.includes(char)) continue;
    let end = i;
    while (end < text.length && TERMINATORS.includes(text[end]!)) end++;
    const run = text.slice(i, end);
    while (end < text.length && CLOSERS.includes(text[end]!)) end++;
    const next = skipSpace(text, end);
    if (next === end && end < text.length) {
      i = end - 1; // "3.5", "e.g.,", "example.com": not an end
      continue;
    }
    if (next >= text.length) {
      return likelyEnd(text, i, run) ? { kind: 'tentative', end } : { kind: 'none' };
    }
    if (endsBefore(text, i, run, text[next]!)) return { kind: 'sentence', end, next };
    i = end - 1;
  }
  return { kind: 'none' };
}

/** With nothing after it yet: does this terminator run probably end the sentence? */
function likelyEnd(text: string, at: number, run: string): boolean {
  if (/[!?]/.test(run)) return true;
  if (run !== '.') return false; // an ellipsis may trail into more text
  const word = wordBefore(text, at);
  if (!word || /\d/.test(word) || isInitial(word)) return false;
  const lower = word.toLowerCase();
  return !NEVER_FINAL.has(lower) && !MAYBE_FINAL.has(lower);
}

/** With the next sentence's first character known: is this an end? */
function endsBefore(text: string, at: number, run: string, following: string): boolean {
  if (/\p{Ll}/u.test(following)) return false; // "e.g. apples", "3 p.m. tomorrow"
  if (/[!?]/.test(run) || run !== '.') return true;
  const word = wordBefore(text, at);
  if (!word) return false;
  const lower = word.toLowerCase();
  if (NEVER_FINAL.has(lower) || isInitial(word)) return false;
  if (/^\d+$/.test(word)) return !isListMarker(text, at - word.length); // "1. Open the box" vs "in 2024. Then"
  return true;
}

/** The run of letters, digits and inner dots right before `at`. */
function wordBefore(text: string, at: number): string {
  let start = at;
  while (start > 0 && /[\p{L}\p{N}.]/u.test(text[start - 1]!)) start--;
  return text.slice(start, at).replace(/^\.+/, '');
}

/** "J", "U.S", "e.g": single letters, with or without dots between them. */
function isInitial(word: string): boolean {
  return /^\p{L}(\.\p{L})*$/u.test(word) && (word.length === 1 || word.includes('.'));
}

/** A number at the start of a line (or of the answer) is a list marker: "2. Then do this". */
function isListMarker(text: string, start: number): boolean {
  const before = text.slice(0, start).replace(/[ \t]+$/, '');
  return before === '' || before.endsWith('\n');
}

function skipSpace(text: string, from: number): number {
  let i = from;
  while (i < text.length && /\s/.test(text[i]!)) i++;
  return i;
}

/**
 * Cuts an over-long sentence: at the last clause break within the soft limit, else (past the
 * hard limit) at the last space; `all` cuts the whole text (the answer's end), otherwise only the
 * first piece (more text is on its way).
 */
function cutLong(text: string, all: boolean): string[] {
  const pieces: string[] = [];
  let rest = text.trim();
  while (rest.length > SOFT_MAX_CHARS) {
    const at = clauseBreak(rest) ?? (rest.length > HARD_MAX_CHARS ? spaceBreak(rest) : undefined);
    if (at === undefined) break;
    pieces.push(rest.slice(0, at).trim());
    rest = rest.slice(at).trim();
    if (!all) return pieces;
  }
  if (all && rest) pieces.push(rest);
  return pieces;
}

/** Just after the last `,`, `;`, `:` or dash that a space follows, within the soft limit. */
function clauseBreak(text: string): number | undefined {
  let found: number | undefined;
  const pattern = /[,;:](?=\s)|\s[–—-](?=\s)/g;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    const at = match.index + match[0].length;
    if (at > SOFT_MAX_CHARS) break;
    if (at >= MIN_CLAUSE_CHARS) found = at;
  }
  return found;
}

/** At the last space within the hard limit; a run with no space is cut at A2E's limit. */
function spaceBreak(text: string): number | undefined {
  const window = text.slice(0, HARD_MAX_CHARS + 1);
  const at = window.search(/\s\S*$/);
  if (at >= MIN_CLAUSE_CHARS) return at;
  return text.length > ABSOLUTE_MAX_CHARS ? ABSOLUTE_MAX_CHARS : undefined;
}
