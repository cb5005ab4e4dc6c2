/**
 * LLM_SPEAK_PACING=paced: for an upstream whose `speak` cuts off what the avatar is saying (A2E
 * does not document whether a second speak queues or interrupts), each sentence waits until the
 * previous one has nearly been said. The estimate is a typical speaking rate, and the lead lets
 * the next sentence arrive while the last words are still playing, so speech flows on.
 */
export const WORDS_PER_MINUTE = 150;
export const MIN_SENTENCE_MS = 600;
/** How long before the previous sentence's estimated end the next one is sent. */
export const PACED_LEAD_MS = 300;

export function estimatedSpeechMs(text: string): number {
  const words = text.trim().split(/\s+/).filter(Boolean).length;
  return Math.max(MIN_SENTENCE_MS, Math.round((words * 60_000) / WORDS_PER_MINUTE));
}

/** When the sentence after one sent at `sentAt` may go. */
export function nextSendAt(sentAt: number, text: string): number {
  return sentAt + estimatedSpeechMs(text) - PACED_LEAD_MS;
}
