import { describe, expect, it } from 'vitest';
import { ABSOLUTE_MAX_CHARS, HARD_MAX_CHARS, SentenceSplitter, SOFT_MAX_CHARS } from './sentence-splitter';
import { standInTokens } from '../simulator/model/stand-in-answer';

/**
 * Feeds `text` as a model streams it (OpenAI-like tokens) and collects the sentences. `slow`: the
 * grace for a tentative end always runs out before the next token (a slow model), so tentative
 * ends are taken at once; otherwise the next token always arrives first (a fast model).
 */
function split(text: string, { slow = false, pieces = standInTokens(text) } = {}): string[] {
  const splitter = new SentenceSplitter();
  const sentences: string[] = [];
  for (const piece of pieces) {
    sentences.push(...splitter.push(piece));
    if (slow && splitter.tentative) sentences.push(splitter.takeTentative()!);
  }
  sentences.push(...splitter.finish());
  return sentences;
}

const both = (text: string) => ({ fast: split(text), slow: split(text, { slow: true }) });

describe('SentenceSplitter', () => {
  it('cuts plain sentences, keeping their punctuation', () => {
    const text = 'We open at nine. Do you deliver? Yes! Every day.';
    const expected = ['We open at nine.', 'Do you deliver?', 'Yes!', 'Every day.'];
    expect(both(text)).toEqual({ fast: expected, slow: expected });
  });

  it('ends a sentence at its full stop, before any further text arrives', () => {
    const splitter = new SentenceSplitter();
    expect(splitter.push('We open at nine')).toEqual([]);
    expect(splitter.push('.')).toEqual([]);
    expect(splitter.tentative).toBe(true);
    expect(splitter.takeTentative()).toBe('We open at nine.');
    expect(splitter.push(' Then')).toEqual([]);
    expect(splitter.tentative).toBe(false);
  });

  it('does not cut after abbreviations, titles or initials', () => {
    const text = 'Ask Dr. Smith about it, e.g. on Monday. J. R. R. Tolkien wrote it. Mr. Lee agrees.';
    const expected = ['Ask Dr. Smith about it, e.g. on Monday.', 'J. R. R. Tolkien wrote it.', 'Mr. Lee agrees.'];
    expect(both(text)).toEqual({ fast: expected, slow: expected });
  });

  it('does not cut decimals, prices, times or version numbers', () => {
    const text = 'It costs $3.50 at 5 p.m. on weekdays. Version 2.0.1 is out.';
    expect(both(text).slow).toEqual(['It costs $3.50 at 5 p.m. on weekdays.', 'Version 2.0.1 is out.']);
    // Cut exactly at a decimal point, the number must wait for the next piece.
    expect(split('It costs 3.50 now.', { slow: true, pieces: ['It costs 3', '.', '50 now.'] })).toEqual(['It costs 3.50 now.']);
  });

  it('ends a sentence after a number, but keeps a list marker with its item', () => {
    expect(split('It opened in 2024. Then it grew.', { slow: true })).toEqual(['It opened in 2024.', 'Then it grew.']);
    const list = 'Here is how:\n1. Open the box.\n2. Take out the manual.\n- Read it.';
    const expected = ['Here is how:', '1. Open the box.', '2. Take out the manual.', '- Read it.'];
    expect(both(list)).toEqual({ fast: expected, slow: expected });
  });

  it('keeps closing quotes and brackets with their sentence', () => {
    const text = 'She said "we are open." (It was true.) Then she left.';
    expect(split(text)).toEqual(['She said "we are open."', '(It was true.)', 'Then she left.']);
    // A slow model's tentative cut before the quote: the stray quote is not spoken on its own.
    expect(split(text, { slow: true, pieces: ['She said "we are open', '.', '"', ' Then she left.'] })).toEqual([
      'She said "we are open.',
      'Then she left.',
    ]);
  });

  it('does not cut inside a domain or after a lower-case continuation', () => {
    expect(split('Visit example.com for more. It helps.', { slow: true })).toEqual(['Visit example.com for more.', 'It helps.']);
    // A token boundary right after the dot: the next piece, when it comes in time, settles it.
    expect(split('', { pieces: ['Visit example', '.', 'com for more.'] })).toEqual(['Visit example.com for more.']);
    expect(split('Open 9 a.m. to 5 p.m. daily. Closed Sundays.', { slow: true })).toEqual([
      'Open 9 a.m. to 5 p.m. daily.',
      'Closed Sundays.',
    ]);
  });

  it('cuts a long sentence at a clause, never inside a word', () => {
    const clause = 'we ship to every country in the European Union and to the United Kingdom';
    const text = `${clause}, ${clause}, ${clause}, and we do it for free.`;
    const sentences = split(text);
    expect(sentences.length).toBeGreaterThan(1);
    expect(sentences.join(' ')).toBe(text);
    for (const sentence of sentences) expect(sentence.length).toBeLessThanOrEqual(SOFT_MAX_CHARS);
    expect(sentences[0]).toMatch(/,$/);
  });

  it('cuts a long sentence with no clause at a space past the hard limit', () => {
    const text = `${'word '.repeat(120).trim()}.`;
    const sentences = split(text);
    expect(sentences.join(' ')).toBe(text);
    for (const sentence of sentences) {
      expect(sentence.length).toBeLessThanOrEqual(HARD_MAX_CHARS);
      expect(sentence).toMatch(/^word( word)*\.?$/);
    }
  });

  it('cuts a run without spaces only at A2E’s limit', () => {
    const text = 'x'.repeat(ABSOLUTE_MAX_CHARS + 200);
    const sentences = split(text, { pieces: text.match(/.{1,7}/g)! });
    expect(sentences.map((s) => s.length)).toEqual([ABSOLUTE_MAX_CHARS, 200]);
  });

  it('keeps a short sentence whole whatever the tokens', () => {
    const text = 'Returns are free within 30 days, e.g. for shoes.';
    const perChar = split(text, { pieces: [...text], slow: true });
    expect(perChar).toEqual([text]);
  });

  it('gives an unfinished answer its last words only at the end, and discard drops them', () => {
    const splitter = new SentenceSplitter();
    expect(splitter.push('The first. And the sec')).toEqual(['The first.']);
    expect(splitter.discard()).toBe('And the sec');
    expect(splitter.finish()).toEqual([]);
  });
});
