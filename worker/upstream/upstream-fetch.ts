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
  return abortable(Promise.resolve(simulatorApp.fetch(request, env)), request.signal);
}

/**
 * fetch() rejects when its signal aborts; an in-process call knows nothing of the signal, so the
 * simulator would hang past AbortSignal.timeout. Racing the signal keeps both modes alike.
 */
export function abortable(reply: Promise<Response>, signal: AbortSignal): Promise<Response> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<Response>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    reply.then(
      (response) => {
        signal.removeEventListener('abort', onAbort);
        resolve(response);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(err);
      },
    );
  });
}
