import { MAX_TEXT_LENGTH } from '../../protocol/broker-api';
import { A2eError } from './a2e-error';

/** Why the broker would refuse `text` for speak or ask, caught before a round trip; undefined when it is fine. */
export function textProblem(text: string): A2eError | undefined {
  if (!text.trim()) return new A2eError('bad_request', 'The text is empty.');
  if (text.length > MAX_TEXT_LENGTH) return new A2eError('payload_too_large', `The text is longer than ${MAX_TEXT_LENGTH} characters.`);
  return undefined;
}
