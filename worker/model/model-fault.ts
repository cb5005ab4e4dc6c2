import type { AnswerErrorEvent } from './answer-events';

/** How a model call went wrong; only `kind` and the HTTP status are ever logged. */
export type ModelFaultKind = 'timeout' | 'network' | 'http' | 'garbage' | 'ended' | 'refused';

export class ModelFault extends Error {
  constructor(
    readonly kind: ModelFaultKind,
    readonly status?: number,
  ) {
    super(`model ${kind}${status ? ` ${status}` : ''}`);
    this.name = 'ModelFault';
  }
}

/**
 * The public error for a model fault: 504 when it stalled, 502 otherwise. The model's own error
 * text is not passed on: it may echo the prompt (the session's context) or name the account.
 */
export function faultEvent(fault: ModelFault, timeoutMs: number): AnswerErrorEvent {
  const seconds = Math.round(timeoutMs / 100) / 10;
  const message: Record<ModelFaultKind, string> = {
    timeout: `The model sent nothing for ${seconds} s.`,
    network: 'Could not reach the model.',
    http: `The model answered HTTP ${fault.status ?? 'error'}.`,
    garbage: 'The model sent a reply the broker could not read.',
    ended: 'The model’s answer stopped before it was complete.',
    refused: 'The model refused the request.',
  };
  return {
    type: 'error',
    status: fault.kind === 'timeout' ? 504 : 502,
    code: fault.kind === 'timeout' ? 'upstream_timeout' : 'upstream_error',
    message: message[fault.kind],
  };
}

/** One structured line per model fault: never a header, a body, the URL or the prompt. */
export function logFault(fault: ModelFault): void {
  console.warn(JSON.stringify({ level: 'warn', upstream: 'model', kind: fault.kind, status: fault.status }));
}
