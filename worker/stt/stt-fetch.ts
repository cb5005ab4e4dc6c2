import type { Env } from '../env';
import { abortable } from '../upstream/upstream-fetch';
import { standInSttApp } from '../simulator/stt/stand-in-stt';
import type { SttConfig } from './stt-config';

/**
 * The one door to the STT API. The simulator's stand-in answers in-process (simulator mode, an
 * STT_BASE_URL naming its path), so a Worker never fetches itself and the tests reach no network;
 * anything else is the network. Either way the caller's code, this HTTP exchange included, is
 * the same.
 */
export function sttFetch(env: Env, config: SttConfig, request: Request): Promise<Response> {
  if (config.standIn) return abortable(Promise.resolve(standInSttApp.fetch(request, env)), request.signal);
  return fetch(request);
}
