import { describe, expect, it } from 'vitest';
import { answerFromContext, contentWords, FALLBACK_ANSWER, splitSentences } from './qa-retrieval';

const SHOP = [
  'Velo Atelier is a bicycle shop in Lyon.',
  'We are open from Tuesday to Saturday, 10 am to 7 pm.',
  'Returns are accepted within 30 days if the bike is unused.',
  'Repairs usually take two working days; urgent repairs cost 20 euros extra.',
  'We deliver anywhere in France, and delivery is free for orders over 500 euros.',
  'Electric bikes come with a two-year battery warranty.',
].join(' ');

describe('splitSentences', () => {
  it('splits on sentence ends and line breaks and drops empty pieces', () => {
    expect(splitSentences('One. Two? Three!\nFour\n\n  ...  ')).toEqual(['One.', 'Two?', 'Three!', 'Four']);
  });
});

describe('contentWords', () => {
  it('drops stop words and folds plurals and verb endings', () => {
    expect(contentWords('What are the opening hours of the shops?')).toEqual(['open', 'hour', 'shop']);
    expect(contentWords('Batteries repaired')).toEqual(['battery', 'repair']);
  });
});

describe('answerFromContext', () => {
  it.each([
    ['When are you open?', 'We are open from Tuesday to Saturday, 10 am to 7 pm.'],
    ['Can I return my bike?', 'Returns are accepted within 30 days if the bike is unused.'],
    ['How much is delivery?', 'We deliver anywhere in France, and delivery is free for orders over 500 euros.'],
    ['Is there a warranty on the battery of electric bikes?', 'Electric bikes come with a two-year battery warranty.'],
    ['Where is the shop?', 'Velo Atelier is a bicycle shop in Lyon.'],
  ])('answers %j with the sentence about it', (question, expected) => {
    expect(answerFromContext(SHOP, question)).toBe(expected);
  });

  it('joins a second sentence that is nearly as relevant, in context order', () => {
    const context = 'Returns are free within 30 days. The cafe opens at 8. Returns after 30 days need a receipt.';
    expect(answerFromContext(context, 'What about returns after 30 days?')).toBe(
      'Returns are free within 30 days. Returns after 30 days need a receipt.',
    );
  });

  it('keeps a weaker second sentence out', () => {
    const context = 'Parking is behind the store. The store opens at 9. The cafe opens at 8.';
    expect(answerFromContext(context, 'When does the store open?')).toBe('The store opens at 9.');
  });

  it('falls back politely when nothing matches, the context is empty, or the question has no content words', () => {
    expect(answerFromContext(SHOP, 'Do you sell pizza?')).toBe(FALLBACK_ANSWER);
    expect(answerFromContext('', 'When are you open?')).toBe(FALLBACK_ANSWER);
    expect(answerFromContext(SHOP, 'What is it?')).toBe(FALLBACK_ANSWER);
  });
});
