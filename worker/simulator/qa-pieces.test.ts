import { describe, expect, it } from 'vitest';
import { parseStreamData } from '../../protocol/stream-data';
import { qaPieces, WORDS_PER_PIECE } from './qa-pieces';

describe('qaPieces', () => {
  it("splits an answer into start, middle and end pieces that join to it exactly, through the widget's parser", () => {
    const text = 'Returns are accepted within 30 days, with a receipt,  at any of our shops in town.';
    const pieces = qaPieces(text, 1_000, 7_000);
    const words = text.split(/\s+/).length;
    expect(pieces).toHaveLength(Math.ceil(words / WORDS_PER_PIECE));
    expect(pieces.map((piece) => piece.data.pos)).toEqual(['start', ...Array(pieces.length - 2).fill('middle'), 'end']);
    expect(pieces.map((piece) => piece.data.message).join('')).toBe(text);
    for (const piece of pieces) expect(parseStreamData(JSON.stringify(piece.data))).toEqual(piece.data);
  });

  it('spreads the pieces over the speaking time, the end before the avatar falls silent', () => {
    const pieces = qaPieces('one two three four five six seven eight nine ten eleven twelve', 1_000, 4_000);
    expect(pieces.map((piece) => piece.at)).toEqual([1_000, 2_000, 3_000]);
  });

  it('sends a short answer as one message without pos, and nothing for no words', () => {
    expect(qaPieces('We open at nine.', 0, 1_000)).toEqual([{ at: 0, data: { type: 'QA', message: 'We open at nine.' } }]);
    expect(qaPieces('   ', 0, 1_000)).toEqual([]);
  });
});
