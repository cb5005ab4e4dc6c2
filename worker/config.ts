import type { Env } from './env';

/** The Worker's settings, read from its vars with DESIGN.md's defaults. */
export interface Config {
  mode: 'live' | 'simulator';
  apiKey: string;
  baseUrl: string;
  /** Lower case, without a trailing slash; `*` allows any. */
  allowedOrigins: readonly string[];
  sessionMaxSeconds: number;
  sessionIdleSeconds: number;
  maxConcurrentSessions: number;
  upstreamTimeoutMs: number;
  /** Who answers asks unless a session asks for the other (DESIGN.md, "Bring your own model"). */
  defaultBrain: Brain;
  /** The model that answers in `model` mode, or undefined where none is available. */
  model: ModelConfig | undefined;
}

export type Brain = 'a2e' | 'model';

export interface ModelConfig {
  /** `POST {baseUrl}/chat/completions`, no trailing slash. */
  baseUrl: string;
  /** Sent as `Authorization: Bearer` to the model API only; '' sends none (a local server). */
  apiKey: string;
  /** The `model` field of the call; '' when LLM_MODEL is unset (the stand-in takes any). */
  model: string;
  /** The simulator's own stand-in model, used in simulator mode when LLM_BASE_URL is unset. */
  standIn: boolean;
  /** `queue`: each sentence goes to A2E when complete; `paced`: held until the last one is nearly said. */
  speakPacing: 'queue' | 'paced';
}

export const DEFAULTS = {
  baseUrl: 'https://video.a2e.ai',
  sessionMaxSeconds: 600,
  sessionIdleSeconds: 120,
  maxConcurrentSessions: 50,
  upstreamTimeoutMs: 10_000,
} as const;

/**
 * Where the simulator serves its OpenAI-compatible stand-in model (worker/simulator/model). An
 * LLM_BASE_URL with this path, on any host, is answered in-process in simulator mode.
 */
export const STAND_IN_MODEL_PATH = '/sim/llm/v1';

/** The key the simulator expects, so the broker talks to it exactly as it talks to A2E. */
export const SIMULATOR_API_KEY = 'simulator';

/**
 * Settings by the env object they were read from. The runtime hands an isolate's requests one env
 * object, and a speak reads its settings in three places (origin check, A2E call, upstream door).
 */
const configs = new WeakMap<Env, Readonly<Config>>();

/** The settings of `env`, read once per env object; frozen, since every caller shares them. */
export function readConfig(env: Env): Readonly<Config> {
  let config = configs.get(env);
  if (!config) {
    config = Object.freeze(parseConfig(env));
    configs.set(env, config);
  }
  return config;
}

function parseConfig(env: Env): Config {
  const apiKey = env.A2E_API_KEY?.trim() ?? '';
  const mode = apiKey ? 'live' : 'simulator';
  const model = readModelConfig(env, mode);
  return {
    mode,
    apiKey: apiKey || SIMULATOR_API_KEY,
    baseUrl: (env.A2E_BASE_URL?.trim() || DEFAULTS.baseUrl).replace(/\/+$/, ''),
    allowedOrigins: (env.ALLOWED_ORIGINS ?? '')
      .split(',')
      // Lower case: an origin's scheme and host are case-insensitive, and the Origin header is compared so.
      .map((origin) => origin.trim().replace(/\/+$/, '').toLowerCase())
      .filter(Boolean),
    sessionMaxSeconds: positiveInt(env.SESSION_MAX_SECONDS, DEFAULTS.sessionMaxSeconds),
    sessionIdleSeconds: positiveInt(env.SESSION_IDLE_SECONDS, DEFAULTS.sessionIdleSeconds),
    maxConcurrentSessions: positiveInt(env.MAX_CONCURRENT_SESSIONS, DEFAULTS.maxConcurrentSessions),
    upstreamTimeoutMs: positiveInt(env.UPSTREAM_TIMEOUT_MS, DEFAULTS.upstreamTimeoutMs),
    // A configured model answers by default; the stand-in only when a session asks for it, so an
    // unconfigured Worker keeps A2E's QA, as before models existed.
    defaultBrain: model && !model.standIn ? 'model' : 'a2e',
    model,
  };
}

/**
 * LLM_BASE_URL set: that model. Unset in simulator mode: the simulator's stand-in model, so the
 * model mode runs offline (`npm start`, tests) with no key. Unset in live mode: no model.
 */
function readModelConfig(env: Env, mode: Config['mode']): ModelConfig | undefined {
  const baseUrl = env.LLM_BASE_URL?.trim().replace(/\/+$/, '') ?? '';
  const speakPacing = env.LLM_SPEAK_PACING?.trim().toLowerCase() === 'paced' ? 'paced' : 'queue';
  if (baseUrl) {
    return { baseUrl, apiKey: env.LLM_API_KEY?.trim() ?? '', model: env.LLM_MODEL?.trim() ?? '', standIn: false, speakPacing };
  }
  if (mode === 'live') return undefined;
  return { baseUrl: `http://simulator${STAND_IN_MODEL_PATH}`, apiKey: '', model: 'a2e-stand-in', standIn: true, speakPacing };
}

function positiveInt(raw: string | undefined, fallback: number): number {
  const value = Number(raw);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}
