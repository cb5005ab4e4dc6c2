import type { Env } from './env';

/** The Worker's settings, read from its vars with DESIGN.md's defaults. */
export interface Config {
  mode: 'live' | 'simulator';
  apiKey: string;
  baseUrl: string;
  allowedOrigins: string[];
  sessionMaxSeconds: number;
  sessionIdleSeconds: number;
  maxConcurrentSessions: number;
  upstreamTimeoutMs: number;
}

export const DEFAULTS = {
  baseUrl: 'https://video.a2e.ai',
  sessionMaxSeconds: 600,
  sessionIdleSeconds: 120,
  maxConcurrentSessions: 50,
  upstreamTimeoutMs: 10_000,
} as const;

/** The key the simulator expects, so the broker talks to it exactly as it talks to A2E. */
export const SIMULATOR_API_KEY = 'simulator';

export function readConfig(env: Env): Config {
  const apiKey = env.A2E_API_KEY?.trim() ?? '';
  return {
    mode: apiKey ? 'live' : 'simulator',
    apiKey: apiKey || SIMULATOR_API_KEY,
    baseUrl: (env.A2E_BASE_URL?.trim() || DEFAULTS.baseUrl).replace(/\/+$/, ''),
    allowedOrigins: (env.ALLOWED_ORIGINS ?? '')
      .split(',')
      .map((origin) => origin.trim().replace(/\/+$/, ''))
      .filter(Boolean),
    sessionMaxSeconds: positiveInt(env.SESSION_MAX_SECONDS, DEFAULTS.sessionMaxSeconds),
    sessionIdleSeconds: positiveInt(env.SESSION_IDLE_SECONDS, DEFAULTS.sessionIdleSeconds),
    maxConcurrentSessions: positiveInt(env.MAX_CONCURRENT_SESSIONS, DEFAULTS.maxConcurrentSessions),
    upstreamTimeoutMs: positiveInt(env.UPSTREAM_TIMEOUT_MS, DEFAULTS.upstreamTimeoutMs),
  };
}

function positiveInt(raw: string | undefined, fallback: number): number {
  const value = Number(raw);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}
