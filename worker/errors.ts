import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ErrorBody, ErrorCode } from '../protocol/broker-api';

/** An error with a status and a public message: the only kind whose message reaches a client. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: ErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Renders any error as the JSON error shape; unknown errors never reveal their message. */
export function errorResponse(c: Context, err: unknown): Response {
  const requestId = (c.get('requestId') as string | undefined) ?? crypto.randomUUID();
  const known = err instanceof ApiError ? err : err instanceof HTTPException ? fromHttpException(err) : undefined;
  if (!known) console.error(JSON.stringify({ level: 'error', requestId, error: describe(err) }));
  const body: ErrorBody = {
    error: {
      code: known?.code ?? 'internal_error',
      message: known?.message ?? 'Something went wrong on our side. Try again.',
      requestId,
    },
  };
  return c.json(body, known?.status ?? 500, { ...known?.headers, 'Cache-Control': 'no-store' });
}

/**
 * Hono's own middleware (validators, body limit) throws HTTPException for client faults such as
 * malformed JSON; those are the caller's mistake, so they keep their status and a public message.
 */
function fromHttpException(err: HTTPException): ApiError | undefined {
  const code = HTTP_EXCEPTION_CODES[err.status];
  if (!code) return undefined;
  return new ApiError(err.status as ContentfulStatusCode, code, err.message || 'The request was refused.');
}

const HTTP_EXCEPTION_CODES: Partial<Record<number, ErrorCode>> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  413: 'payload_too_large',
};

function describe(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : 'non-error thrown';
}
