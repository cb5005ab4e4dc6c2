import type { A2eError } from './a2e-error';
import type { EndReason } from './session-state';

/** Errors after which the broker no longer knows the session: nothing left to keep alive. */
export function endsSession(error: A2eError): boolean {
  return error.code === 'session_ended' || error.status === 404 || error.status === 410 || error.status === 401;
}

/** The end reason of a failed connect. */
export function reasonFor(error: A2eError): EndReason {
  if (error.code === 'network' || error.code === 'join_timeout') return 'network';
  return 'upstream';
}
