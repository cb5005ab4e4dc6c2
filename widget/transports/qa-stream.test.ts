import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StreamData } from '../../protocol/stream-data';
import { QaStream } from './qa-stream';

const qa = (message: string, pos?: StreamData['pos']) => JSON.stringify(pos ? { type: 'QA', message, pos } : { type: 'QA', message });

let partials: string[];
let answers: string[];
let stream: QaStream;

beforeEach(() => {
  partials = [];
  answers = [];
  stream = new QaStream({ partial: (text) => partials.push(text), answer: (text) => answers.push(text) }, { silenceGraceMs: 1_000 });
});
afterEach(() => vi.useRealTimers());

describe('QaStream', () => {
  it('grows an answer from its start, middles and end, and gives it whole once', () => {
    stream.receive(qa('Returns are ', 'start'));
    stream.receive(qa('accepted within ', 'middle'));
    stream.receive(qa('30 days.', 'end'));
    expect(partials).toEqual(['Returns are', 'Returns are accepted within']);
    expect(answers).toEqual(['Returns are accepted within 30 days.']);
  });

  it('takes a message without pos as a whole answer, closing one left open', () => {
    stream.receive(qa('Half an ', 'start'));
    stream.receive(qa('We open at nine.'));
    expect(answers).toEqual(['Half an', 'We open at nine.']);
  });

  it('puts a start that comes after its middle in front: one answer, in order', () => {
    stream.receive(qa('at nine ', 'middle'));
    stream.receive(qa('We open ', 'start'));
    stream.receive(qa('every day.', 'end'));
    expect(partials).toEqual(['at nine', 'We open at nine']);
    expect(answers).toEqual(['We open at nine every day.']);
  });

  it('closes an answer whose end never came when the next one starts', () => {
    stream.receive(qa('First answer ', 'start'));
    stream.receive(qa('without an end', 'middle'));
    stream.receive(qa('Second ', 'start'));
    stream.receive(qa('answer.', 'end'));
    expect(answers).toEqual(['First answer without an end', 'Second answer.']);
  });

  it('takes an end with nothing open as an answer of its own', () => {
    stream.receive(qa('Just the end.', 'end'));
    expect(answers).toEqual(['Just the end.']);
    expect(partials).toEqual([]);
  });

  it('closes an open answer once the avatar has been silent for the grace period', () => {
    vi.useFakeTimers();
    stream.receive(qa('We open ', 'start'));
    stream.speaking(true);
    stream.speaking(false);
    vi.advanceTimersByTime(600);
    stream.speaking(true); // a pause between sentences: still the same answer
    vi.advanceTimersByTime(2_000);
    expect(answers).toEqual([]);
    stream.speaking(false);
    vi.advanceTimersByTime(600);
    stream.receive(qa('at nine', 'middle')); // a late piece restarts the wait
    vi.advanceTimersByTime(600);
    expect(answers).toEqual([]);
    vi.advanceTimersByTime(400);
    expect(answers).toEqual(['We open at nine']);
    stream.speaking(false);
    vi.advanceTimersByTime(2_000);
    expect(answers).toEqual(['We open at nine']);
  });

  it('ignores other message types, bad fields, undocumented positions and garbage', () => {
    for (const content of [
      JSON.stringify({ type: 'subtitle', message: 'not an answer' }),
      JSON.stringify({ type: 'QA', message: 42 }),
      JSON.stringify({ type: 'QA', message: 'sideways', pos: 'sideways' }),
      JSON.stringify({ type: 'QA' }),
      JSON.stringify(['QA', 'x']),
      'null',
      'plain text',
      '{"type":"QA","message":"cut',
    ]) {
      stream.receive(content);
    }
    expect(partials).toEqual([]);
    expect(answers).toEqual([]);
    stream.receive(JSON.stringify({ type: 'QA', message: 'Null pos is a whole answer.', pos: null }));
    expect(answers).toEqual(['Null pos is a whole answer.']);
  });

  it('forgets an unfinished answer on stop', () => {
    vi.useFakeTimers();
    stream.receive(qa('Going ', 'start'));
    stream.speaking(false);
    stream.stop();
    vi.advanceTimersByTime(5_000);
    expect(answers).toEqual([]);
  });
});
