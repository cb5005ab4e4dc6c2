import { describe, expect, it } from 'vitest';
import type { AnswerEvent } from './answer-events';
import { AnswerRun, type AnswerRunInput } from './answer-run';
import type { ChatPiece } from './chat-stream';
import { remember, MAX_HISTORY_CHARS, MAX_TURNS } from './conversation';

async function* pieces(texts: string[], signal: AbortSignal): AsyncGenerator<ChatPiece> {
  for (const text of texts) {
    signal.throwIfAborted();
    yield { type: 'text', text };
  }
  yield { type: 'finish', reason: 'stop' };
}

function runOf(texts: string[], input: Partial<AnswerRunInput> = {}) {
  const spoken: string[] = [];
  const events: AnswerEvent[] = [];
  const run = new AnswerRun({
    pieces: (signal) => pieces(texts, signal),
    speak: async (text) => void spoken.push(text),
    emit: (event) => void events.push(event),
    pacing: 'queue',
    timeoutMs: 1_000,
    maxChars: 1_500,
    ...input,
  });
  return { run, spoken, events };
}

describe('AnswerRun', () => {
  it('says Markdown as words, and skips what has none', async () => {
    const { run, spoken } = runOf(['**Yes**, we ', 'ship.\n', '---\n', '- Free `returns` within [30 days](https://x.test).']);
    const outcome = await run.finished;
    expect(spoken).toEqual(['Yes, we ship.', 'Free returns within 30 days.']);
    expect(outcome.said).toBe('Yes, we ship. Free returns within 30 days.');
  });

  it('paced: a sentence waiting for the previous one to be said is dropped by an interrupt', async () => {
    // Thirty words: about twelve seconds of speech before the next sentence may go.
    const first = `${'We open early '.repeat(10).trim()}.`;
    const { run, spoken, events } = runOf([`${first} `, 'We close at six. ', 'Every day.'], { pacing: 'paced' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(spoken).toEqual([first]);
    expect(run.interrupt()).toBe(true);
    const outcome = await run.finished;
    expect(spoken).toEqual([first]);
    expect(outcome).toMatchObject({ said: first, interrupted: true });
    expect(events.at(-1)).toEqual({ type: 'done', text: first, interrupted: true });
    expect(run.interrupt()).toBe(false);
  });

  it('a speak A2E refuses stops the answer: no later sentence, an error event', async () => {
    let calls = 0;
    const { run, events } = runOf(['One. ', 'Two. ', 'Three.'], {
      speak: async () => {
        if (++calls === 2) throw new Error('A2E down');
      },
    });
    const outcome = await run.finished;
    expect(calls).toBe(2);
    expect(outcome).toMatchObject({ said: 'One.', failed: true });
    expect(events.map((e) => e.type)).toEqual(['delta', 'error']);
  });
});

describe('remember', () => {
  it('keeps at most MAX_TURNS turns and MAX_HISTORY_CHARS characters, oldest out first', () => {
    let history = remember([], { question: 'q0', answer: 'a0' });
    for (let i = 1; i < MAX_TURNS + 3; i++) history = remember(history, { question: `q${i}`, answer: `a${i}` });
    expect(history).toHaveLength(MAX_TURNS);
    expect(history.at(-1)).toEqual({ question: `q${MAX_TURNS + 2}`, answer: `a${MAX_TURNS + 2}` });
    const long = remember(history, { question: 'q', answer: 'x'.repeat(MAX_HISTORY_CHARS - 10) });
    expect(long.reduce((n, t) => n + t.question.length + t.answer.length, 0)).toBeLessThanOrEqual(MAX_HISTORY_CHARS);
    expect(long.at(-1)!.question).toBe('q');
  });
});
