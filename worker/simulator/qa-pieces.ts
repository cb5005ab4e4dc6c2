import type { StreamData } from '../../protocol/stream-data';

/** Words per piece of a simulated answer: a caption that grows a few words at a time. */
export const WORDS_PER_PIECE = 4;

export interface TimedPiece {
  /** When the room sends it (epoch ms, the room's clock). */
  at: number;
  data: StreamData;
}

/**
 * An answer as A2E sends it into the room (a2e-api.md, "What the avatar sends into the room"):
 * pieces with `pos` start, middle..., end, which joined give back `text` exactly. They are
 * spread over the time the avatar says the answer, the last one when it begins the last words,
 * so the widget sees a caption grow with the voice and an `end` before the silence. An answer
 * of one piece is a single message without `pos`, A2E's other documented form.
 */
export function qaPieces(text: string, startAt: number, endAt: number): TimedPiece[] {
  const words = text.match(/\S+\s*/g);
  if (!words) return [];
  const lead = /^\s*/.exec(text)![0];
  const pieces: string[] = [];
  for (let i = 0; i < words.length; i += WORDS_PER_PIECE) pieces.push(words.slice(i, i + WORDS_PER_PIECE).join(''));
  pieces[0] = lead + pieces[0]!;
  if (pieces.length === 1) return [{ at: startAt, data: { type: 'QA', message: text } }];
  const step = (endAt - startAt) / pieces.length;
  return pieces.map((message, i) => ({
    at: startAt + Math.round(step * i),
    data: { type: 'QA', message, pos: i === 0 ? 'start' : i === pieces.length - 1 ? 'end' : 'middle' },
  }));
}
