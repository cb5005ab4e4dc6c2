import { z } from 'zod';

/**
 * One A2E endpoint, described once. The OpenAPI document, the typed client and the simulator
 * are all derived from these descriptions, so correcting a path or a field is a one-line change.
 *
 * Input is one object: the `{name}` segments of `path` are taken from it, and the rest goes to the
 * query string (GET, DELETE) or to the JSON body (POST, PUT). `reply` describes the `data` of A2E's
 * `{ code: 0, data }` envelope.
 */
export interface Endpoint<
  I extends z.ZodType = z.ZodType,
  R extends z.ZodType = z.ZodType,
  S extends SimBehaviour = SimBehaviour,
> {
  method: HttpMethod;
  path: string;
  summary: string;
  /**
   * shared/a2e-api.md's mark: doc (A2E's documentation pages), ref (A2E's generated developer
   * reference), seen (several public clients, undocumented), likely (our best reading), none
   * (documented nowhere: listed so the proxy documents it, never depended on).
   */
  confidence: Confidence;
  /** Where the fact can be checked: the documentation page URL, or the reference it comes from. */
  source?: string;
  /**
   * Reads only and costs nothing (lists, details, balances): `npm run a2e:check` calls these
   * against a real account by default. Anything that starts a task, spends credits or changes
   * state is left out.
   */
  readOnly?: boolean;
  input: I;
  reply: R;
  /** How the simulator answers it; `custom` endpoints have their own handler there. */
  sim: S;
  /** A2E's operationId, for endpoints of the reference (and the older docs). */
  operationId?: string;
  deprecated?: boolean;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';
export type Confidence = 'doc' | 'ref' | 'seen' | 'likely' | 'none';

/**
 * How the simulator answers an endpoint (worker/simulator/rest/). `family` names a record
 * collection of task-families.ts; `id` is the input field that holds the record's id.
 */
export type SimBehaviour =
  | { action: 'create'; family: string }
  | { action: 'get'; family: string; id: string }
  | { action: 'list'; family: string; paging: 'pageNum' | 'page' | 'current' | 'none'; only?: 'processing' | 'completed' }
  | { action: 'batch'; family: string }
  | { action: 'delete'; family: string; id: string }
  | { action: 'update'; family: string; id: string }
  | { action: 'mark'; family: string; id: string; flag: string }
  | { action: 'custom' }
  /** Answered by the streaming simulator (the broker's part), not the rest simulator. */
  | { action: 'streaming' };

/** Keeps the method and path as literal types, so code that names one path gets it exactly. */
export function endpoint<
  I extends z.ZodType,
  R extends z.ZodType,
  const S extends SimBehaviour,
  const M extends HttpMethod,
  const P extends string,
>(e: Endpoint<I, R, S> & { method: M; path: P }): Endpoint<I, R, S> & { method: M; path: P } {
  return e;
}

/** The names of the `{param}` segments of a path template, in order. */
export function pathParams(path: string): string[] {
  return [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);
}

/** True when the endpoint's non-path input travels in the query string rather than a body. */
export function inputInQuery(method: HttpMethod): boolean {
  return method === 'GET' || method === 'DELETE';
}
