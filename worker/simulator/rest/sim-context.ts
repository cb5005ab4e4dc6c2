import type { CatalogueEntry } from '../../../protocol/a2e-catalogue/index';
import { A2eError } from '../a2e-reply';
import type { SimTasksStub } from './sim-tasks-stub';

/** What every simulated operation gets: the account's store, the time, the operation, where the simulator is reachable. */
export interface SimContext {
  store: SimTasksStub;
  now: number;
  entry: CatalogueEntry;
  /** The origin a client reaches this simulator at (for upload URLs). */
  origin: string;
}

export type Handler = (input: Record<string, unknown>, ctx: SimContext) => unknown;

/** Credits a fresh simulated account starts with; one diamond buys ten credits. */
export const START_COINS = 100_000;
export const START_DIAMONDS = 100;
export const COINS_PER_DIAMOND = 10;

/**
 * An error as the reference documents it for this operation: `code` (A2E's number, or the HTTP
 * one) with `msg`, under the HTTP status the operation lists for it, or 200 where it lists none
 * (A2E's own pages: many failures come with HTTP 200 and a non-zero code).
 */
export function refuse(ctx: SimContext, status: 400 | 402 | 403 | 404, message: string, code: number = status): A2eError {
  const listed = ctx.entry.endpoint as { facts?: { responses: Record<string, string> } };
  const http = listed.facts?.responses[String(status)] !== undefined ? status : 200;
  return new A2eError(code, message, http);
}

/** The record id a request names, checked the way A2E's ids are (24 hex characters). */
export function recordId(ctx: SimContext, value: unknown): string {
  const id = typeof value === 'string' ? value : '';
  if (!/^[0-9a-f]{24}$/i.test(id)) throw refuse(ctx, 400, `Not a record id: ${id || '(none)'} (24 hex characters).`);
  return id;
}
