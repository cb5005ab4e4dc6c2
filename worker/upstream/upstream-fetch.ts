import type { Env } from '../env';
import { readConfig } from '../config';
import { simulatorApp } from '../simulator/simulator-app';

/**
 * The one door to A2E. In live mode it is the network; in simulator mode the simulator's Hono
 * app answers in-process, so the broker and the proxy run the same code path in both modes.
 * `path` starts with `/api/v1/`.
 */
export function upstreamFetch(env: Env, path: string, init: RequestInit): Promise<Response> {
  const config = readConfig(env);
  const request = new Request(config.baseUrl + path, init);
  if (config.mode === 'live') return fetch(request);
  return Promise.resolve(simulatorApp.fetch(request, env));
}
