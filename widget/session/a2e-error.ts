import type { ErrorBody, ErrorCode } from '../../protocol/broker-api';
import type { SpeechErrorCode } from '../speech/speech-input';
import type { TransportError } from '../transports/transport';

/** Codes of `a2e-error` events and of rejected method calls: the broker's, the transport's and the widget's own. */
export type A2eErrorCode =
  | ErrorCode
  | TransportError['code']
  | 'not_connected'
  | 'network'
  | 'missing_attribute'
  | 'autoplay_blocked'
  | SpeechErrorCode;

/** An error a person can act on: a code to branch on, a message to show, the HTTP status where there was one. */
export class A2eError extends Error {
  constructor(
    readonly code: A2eErrorCode,
    message: string,
    readonly status?: number,
    readonly requestId?: string,
  ) {
    super(message);
    this.name = 'A2eError';
  }

  /** Builds an error from a broker reply that is not ok, trusting its JSON error shape when it has one. */
  static async fromResponse(res: Response): Promise<A2eError> {
    let body: Partial<ErrorBody> | undefined;
    try {
      body = (await res.json()) as Partial<ErrorBody>;
    } catch {
      // not JSON: a proxy's HTML page, say
    }
    const error = body?.error;
    if (error && typeof error.code === 'string' && typeof error.message === 'string') {
      return new A2eError(error.code, error.message, res.status, error.requestId);
    }
    return new A2eError(res.status >= 500 ? 'upstream_error' : 'bad_request', `The server answered ${res.status}.`, res.status);
  }

  /** Any thrown value as an A2eError; transport errors keep their code (matched by name: they may come from another bundle). */
  static from(err: unknown): A2eError {
    if (err instanceof A2eError) return err;
    if (err instanceof Error && err.name === 'TransportError' && 'code' in err) {
      return new A2eError(err.code as A2eErrorCode, err.message);
    }
    if (err instanceof TypeError) return new A2eError('network', `Could not reach the server: ${err.message}`);
    return new A2eError('internal_error', err instanceof Error ? err.message : String(err));
  }
}
