/**
 * An A2E call that did not succeed. `code` is A2E's non-zero `code` (a number) when A2E answered,
 * or the broker's error code (a string such as `unauthorized` or `upstream_timeout`) when the
 * broker did; `status` is the HTTP status (A2E often fails with 200).
 */
export class A2EError extends Error {
  constructor(
    readonly code: number | string,
    message: string,
    readonly status: number,
    /** The broker's request id, for its logs, where the broker answered. */
    readonly requestId?: string,
  ) {
    super(message);
    this.name = 'A2EError';
  }
}

/** A task that ended in `failed`; carries A2E's `failed_code` and `failed_message`. */
export class A2ETaskFailedError extends A2EError {
  constructor(
    readonly taskId: string,
    code: number | string,
    message: string,
    readonly record: unknown,
  ) {
    super(code, message, 200);
    this.name = 'A2ETaskFailedError';
  }
}

/** Reads an A2E or broker reply into its `data`, or throws the A2EError it stands for. */
export async function unwrapReply(res: Response): Promise<unknown> {
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    throw new A2EError(res.ok ? 'malformed_reply' : 'http_error', `HTTP ${res.status}: the reply is not JSON.`, res.status);
  }
  if (isRecord(body) && isRecord(body.error)) {
    const { code, message, requestId } = body.error;
    throw new A2EError(
      typeof code === 'string' ? code : 'http_error',
      typeof message === 'string' ? message : `HTTP ${res.status}`,
      res.status,
      typeof requestId === 'string' ? requestId : undefined,
    );
  }
  // The reference's error body: `{ success: false, error, code (a string) }`.
  if (isRecord(body) && body.success === false && (typeof body.error === 'string' || typeof body.msg === 'string')) {
    const code = body.code;
    const message = [body.error, body.msg, body.message].find((m) => typeof m === 'string') as string;
    throw new A2EError(typeof code === 'number' || typeof code === 'string' ? code : 'a2e_error', message, res.status);
  }
  if (isRecord(body) && body.success === true && 'data' in body && res.ok) return body.data;
  if (isRecord(body) && 'code' in body) {
    const code = body.code;
    if (code === 0 || code === '0') {
      if (res.ok) return body.data;
    } else {
      const message = [body.msg, body.message].find((m) => typeof m === 'string') as string | undefined;
      throw new A2EError(typeof code === 'number' || typeof code === 'string' ? code : 'a2e_error', message ?? 'A2E refused the call.', res.status);
    }
  }
  throw new A2EError(res.ok ? 'malformed_reply' : 'http_error', `HTTP ${res.status}: not an A2E reply.`, res.status);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
