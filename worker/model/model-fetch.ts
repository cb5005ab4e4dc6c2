import type { Env } from '../env';
import { readConfig, STAND_IN_MODEL_PATH, type ModelConfig } from '../config';
import { abortable } from '../upstream/upstream-fetch';
import { standInModelApp } from '../simulator/model/stand-in-model';

/**
 * The one door to the model API. The simulator's stand-in model answers in-process (in simulator
 * mode, for the stand-in or an LLM_BASE_URL naming its path on any host, such as this Worker's own
 * `http://localhost:8787/sim/llm/v1`), so a Worker never fetches itself; anything else is the
 * network. Either way the caller's code path, this HTTP exchange included, is the same.
 */
export function modelFetch(env: Env, config: ModelConfig, request: Request): Promise<Response> {
  if (isStandIn(env, config, request.url)) {
    return abortable(Promise.resolve(standInModelApp.fetch(request, env)), request.signal);
  }
  return fetch(request);
}

function isStandIn(env: Env, config: ModelConfig, url: string): boolean {
  if (config.standIn) return true;
  return readConfig(env).mode === 'simulator' && new URL(url).pathname.startsWith(`${STAND_IN_MODEL_PATH}/`);
}
