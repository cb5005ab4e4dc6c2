import type { Brain, Config } from '../config';
import { ApiError } from '../errors';
import { MAX_CONTEXT_LENGTH, MODEL_MAX_CONTEXT_LENGTH } from '../../protocol/broker-api';

/** The brain a new session asked for, or the broker's default; `model` only where there is one. */
export function chooseBrain(config: Config, requested: Brain | undefined): Brain {
  const brain = requested ?? config.defaultBrain;
  if (brain === 'model' && !config.model) {
    throw new ApiError(400, 'bad_request', 'brain "model": this broker has no model to answer with (set LLM_BASE_URL). Use "a2e".');
  }
  return brain;
}

/**
 * A context goes to A2E's set-qa-context, which takes 5 000 characters, when A2E answers; when the
 * model does, the broker keeps it for the model's system prompt, and takes up to 20 000.
 */
export function checkContextLength(brain: Brain, context: string | undefined): void {
  const max = brain === 'model' ? MODEL_MAX_CONTEXT_LENGTH : MAX_CONTEXT_LENGTH;
  if (context !== undefined && context.length > max) {
    throw new ApiError(413, 'payload_too_large', `context is too long: at most ${max} characters${brain === 'model' ? '' : ' (A2E’s limit)'}.`);
  }
}
