/**
 * When a simulated utterance plays: a little after now, or right after the utterances already
 * queued; it lasts as long as a person takes to say its words.
 */

/** Speaking rate of the simulated avatar. */
export const WORDS_PER_MINUTE = 150;
/** Shortest utterance, so a one-word reply still shows as speech. */
export const MIN_UTTERANCE_MS = 600;
/**
 * Delay before a new utterance starts when nothing is playing: a stand-in for the time A2E's GPUs
 * take to render the first frames of speech. a2e-api.md documents no such figure (`none`), so
 * this is our assumption, not A2E's; `SIM_RENDER_LEAD_MS` changes it (0 lets the benchmarks
 * measure our own path alone).
 */
export const START_LEAD_MS = 150;
/** The longest render lead SIM_RENDER_LEAD_MS may ask for. */
export const MAX_START_LEAD_MS = 10_000;

/** The render lead a Worker's simulator uses: SIM_RENDER_LEAD_MS when it is a whole number in range, else START_LEAD_MS. */
export function renderLeadMs(env: { SIM_RENDER_LEAD_MS?: string }): number {
  const raw = env.SIM_RENDER_LEAD_MS?.trim();
  if (!raw || !/^\d+$/.test(raw)) return START_LEAD_MS;
  const lead = Number(raw);
  return lead <= MAX_START_LEAD_MS ? lead : START_LEAD_MS;
}

export function speechDurationMs(text: string): number {
  const words = text.trim().split(/\s+/).filter(Boolean).length;
  return Math.max(MIN_UTTERANCE_MS, Math.round((words * 60_000) / WORDS_PER_MINUTE));
}

/** `busyUntil`: when the last queued utterance ends (0 or in the past when the avatar is idle). */
export function scheduleUtterance(text: string, now: number, busyUntil: number, leadMs = START_LEAD_MS): { startAt: number; endAt: number } {
  const startAt = Math.max(now + leadMs, busyUntil);
  return { startAt, endAt: startAt + speechDurationMs(text) };
}
