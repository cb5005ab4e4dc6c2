import type { Env } from '../env';
import { readConfig } from '../config';

/** Speech-to-text settings (DESIGN.md, "Bring your own model"): STT_BASE_URL, STT_API_KEY, STT_MODEL. */
export interface SttConfig {
  /** `POST {baseUrl}/audio/transcriptions`, no trailing slash. */
  baseUrl: string;
  /** Sent as `Authorization: Bearer` to the STT API only; '' sends none (a local whisper server). */
  apiKey: string;
  /** The `model` field of the call. */
  model: string;
  /** An STT_BASE_URL naming the simulator's stand-in (simulator mode): answered in-process. */
  standIn: boolean;
}

/**
 * The `model` sent when STT_MODEL is unset: OpenAI's name, which local whisper servers
 * (whisper.cpp, faster-whisper-server) accept or ignore. Groq and others name their own: set it.
 */
export const DEFAULT_STT_MODEL = 'whisper-1';

/**
 * Where the simulator serves its OpenAI-compatible stand-in (worker/simulator/stt). In simulator
 * mode an STT_BASE_URL with this path on any host (`npm start` gives this Worker's own) is
 * answered in-process, so a Worker never fetches itself.
 */
export const STAND_IN_STT_PATH = '/sim/stt/v1';

/**
 * The STT service, or undefined when STT_BASE_URL is unset: then transcribe answers 503
 * `not_configured` and /health says `stt: false`, in either mode. The simulator does not switch
 * its stand-in on by itself: a Worker offers speech-to-text only where someone configured it.
 * `npm start` and the tests do, pointing STT_BASE_URL at the stand-in, which counts only in
 * simulator mode (with an A2E key, `npm start` then offers no STT unless you name a real one).
 */
export function readSttConfig(env: Env): SttConfig | undefined {
  const baseUrl = env.STT_BASE_URL?.trim().replace(/\/+$/, '') ?? '';
  if (!baseUrl) return undefined;
  const standIn = pathOf(baseUrl) === STAND_IN_STT_PATH;
  // The stand-in recognises no words: it never stands in for a real STT next to the real A2E.
  if (standIn && readConfig(env).mode === 'live') return undefined;
  return { baseUrl, apiKey: env.STT_API_KEY?.trim() ?? '', model: env.STT_MODEL?.trim() || DEFAULT_STT_MODEL, standIn };
}

function pathOf(url: string): string | undefined {
  try {
    return new URL(url).pathname.replace(/\/+$/, '');
  } catch {
    return undefined;
  }
}
