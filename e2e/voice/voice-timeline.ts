import type { Page } from 'playwright-core';

/** What happened to the voice, on the page's own clock (performance.now(), ms). */
export type VoiceEvent =
  | { at: number; type: 'state'; state: string; listening: boolean }
  | { at: number; type: 'listening'; listening: boolean }
  | { at: number; type: 'transcribe' }
  | { at: number; type: 'transcript'; role: string; text: string }
  | { at: number; type: 'interrupt'; result: boolean }
  | { at: number; type: 'error'; code: string };

/**
 * Records, in the page, every state change (with whether the microphone listened at that
 * moment), every change of the `listening` attribute, every transcribe request (from the
 * resource timing of the page itself, so on the same clock) and every interrupt() call.
 */
export async function recordVoice(page: Page): Promise<void> {
  await page.evaluate(() => {
    const el = document.querySelector('a2e-avatar')!;
    const log: unknown[] = [];
    (window as unknown as { voiceLog: unknown[] }).voiceLog = log;
    const now = () => performance.now();
    el.addEventListener('a2e-state-change', (e) => log.push({ at: now(), type: 'state', state: e.detail.state, listening: el.listening }));
    el.addEventListener('a2e-transcript', (e) => log.push({ at: now(), type: 'transcript', role: e.detail.role, text: e.detail.text }));
    el.addEventListener('a2e-error', (e) => log.push({ at: now(), type: 'error', code: e.detail.code }));
    new MutationObserver(() => log.push({ at: now(), type: 'listening', listening: el.hasAttribute('listening') })).observe(el, {
      attributes: true,
      attributeFilter: ['listening'],
    });
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) if (entry.name.endsWith('/transcribe')) log.push({ at: entry.startTime, type: 'transcribe' });
    }).observe({ type: 'resource', buffered: true });
    const interrupt = el.interrupt.bind(el);
    el.interrupt = async () => {
      const result = await interrupt();
      log.push({ at: now(), type: 'interrupt', result });
      return result;
    };
  });
}

export async function voiceLog(page: Page): Promise<VoiceEvent[]> {
  const log = await page.evaluate(() => (window as unknown as { voiceLog: VoiceEvent[] }).voiceLog);
  return [...log].sort((a, b) => a.at - b.at);
}

/** The intervals in which the avatar was talking, as [start, end] (end Infinity while it still is). */
export function speakingIntervals(log: VoiceEvent[]): [number, number][] {
  const intervals: [number, number][] = [];
  for (const event of log) {
    if (event.type !== 'state') continue;
    if (event.state === 'speaking') intervals.push([event.at, Infinity]);
    else if (intervals.length && intervals.at(-1)![1] === Infinity) intervals.at(-1)![1] = event.at;
  }
  return intervals;
}
