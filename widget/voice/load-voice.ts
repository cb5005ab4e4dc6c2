import type { StartVoice } from './voice-types';

/**
 * The voice code (capture, voice-activity detection, turn-taking) is a chunk of its own, fetched
 * the first time a visitor turns the microphone on: pages whose visitors only type never load it.
 * The widget's build points this import at the built `voice/voice-loop.js` (vite.widget.config.ts).
 */
export async function loadVoice(): Promise<StartVoice> {
  return (await import('./voice-loop')).startVoice;
}
