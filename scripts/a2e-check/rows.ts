import type { Endpoint } from '../../protocol/a2e-catalogue/index';
import type { Outcome } from './a2e-request.ts';
import { describeMismatch } from './schema-diff.ts';

/** One line of the report: one call, and whether A2E answered it as the catalogue says. */
export interface Row {
  method: string;
  /** The endpoint's path, with the step in parentheses where one endpoint is called twice. */
  path: string;
  status: string;
  code: string;
  /** `ok`, or what differs (missing and mistyped fields, a refusal, ...). */
  result: string;
  ok: boolean;
  /** Nothing answered: the check could not run this call. */
  unreachable?: boolean;
}

/** What a step expects of A2E: to accept the call (and answer the catalogue's schema), or to refuse it. */
export type Expectation = 'accepted' | 'refused';

export function rowFor(endpoint: Endpoint, outcome: Outcome, expect: Expectation = 'accepted', step?: string): Row {
  const base = {
    method: endpoint.method,
    path: step ? `${endpoint.path} (${step})` : endpoint.path,
    status: outcome.status === undefined ? '-' : String(outcome.status),
    code: outcome.code === undefined ? '-' : String(outcome.code),
  };
  if (outcome.unreachable) return { ...base, result: `no reply: ${outcome.unreachable}`, ok: false, unreachable: true };
  const accepted = outcome.code === 0 && outcome.status !== undefined && outcome.status < 400;
  if (expect === 'refused') {
    return accepted
      ? { ...base, result: 'accepted, but A2E should have refused it', ok: false }
      : { ...base, result: 'refused, as expected', ok: true };
  }
  if (!accepted) return { ...base, result: `refused: ${outcome.message ?? 'no message'}`, ok: false };
  const mismatch = describeMismatch(endpoint.reply, outcome.data);
  return { ...base, result: mismatch ?? 'ok', ok: mismatch === undefined };
}

/** A step that could not run because an earlier one failed. */
export function notRun(endpoint: Endpoint, why: string, step?: string): Row {
  return {
    method: endpoint.method,
    path: step ? `${endpoint.path} (${step})` : endpoint.path,
    status: '-',
    code: '-',
    result: `not run: ${why}`,
    ok: false,
  };
}

/** 0 when every row matches, 1 when any differs (a difference wins), 2 when some call got no reply. */
export function exitCodeOf(rows: Row[]): 0 | 1 | 2 {
  if (rows.some((row) => !row.ok && !row.unreachable)) return 1;
  return rows.some((row) => row.unreachable) ? 2 : 0;
}
