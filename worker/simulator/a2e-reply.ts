import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { A2E_CODE_HOSTS_BUSY } from '../catalogue/streaming-endpoints';

/**
 * A2E's reply envelope (shared/a2e-api.md): `{ code: 0, data }` on success, a non-zero `code`
 * with `msg` on failure, usually with HTTP 200. A2E documents only 1001 (all hosts occupied), so
 * the simulator's other codes borrow the HTTP numbers: a client must treat any non-zero code as
 * an error and read `msg`, which is what the broker does against the real A2E too.
 */
export const SIM_CODES = {
  badRequest: 400,
  unauthorized: 401,
  notFound: 404,
  channelClosed: 410,
  internal: 500,
  hostsBusy: A2E_CODE_HOSTS_BUSY,
} as const;

export interface A2eSuccess<T> {
  code: 0;
  msg: 'success';
  data: T;
}

export interface A2eFailure {
  code: number;
  msg: string;
}

export function a2eOk<T>(c: Context, data: T): Response {
  return c.json<A2eSuccess<T>>({ code: 0, msg: 'success', data });
}

/** A failure reply; HTTP 200 unless given, as A2E does for errors of the request's content. */
export function a2eFail(c: Context, code: number, msg: string, status: ContentfulStatusCode = 200): Response {
  return c.json<A2eFailure>({ code, msg }, status);
}

/** A failure a handler can throw from deep inside; simulatorApp's onError renders it. */
export class A2eError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly status: ContentfulStatusCode = 200,
  ) {
    super(message);
    this.name = 'A2eError';
  }
}
