/**
 * When a simulated utterance plays: a little after now, or right after the utterances already
 * queued; it lasts as long as a person takes to say its words.
 */

/** Speaking rate of the simulated avatar. */
export const WORDS_PER_MINUTE = 150;
/** Shortest utterance, so a one-word reply still shows as speech. */
export const MIN_UTTERANCE_MS = 600;
/** Delay before a new utterance starts when nothing is playing (A2E's render latency, roughly). */
export const START_LEAD_MS = 150;

export function speechDurationMs(text: string): number {
  const words = text.trim().split(/\s+/).filter(Boolean).length;
  return Math.max(MIN_UTTERANCE_MS, Math.round((words * 60_000) / WORDS_PER_MINUTE));
}

/** `busyUntil`: when the last queued utterance ends (0 or in the past when the avatar is idle). */
export function scheduleUtterance(text: string, now: number, busyUntil: number): { startAt: number; endAt: number } {
  const startAt = Math.max(now + START_LEAD_MS, busyUntil);
  return { startAt, endAt: startAt + speechDurationMs(text) };
}
