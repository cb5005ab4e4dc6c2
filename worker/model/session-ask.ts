import type { Env } from '../env';
import type { SessionRecord } from '../broker/broker-session';
import { readConfig } from '../config';
import { singleEvent } from './answer-events';
import type { ModelAnswers } from './model-answers';

/**
 * The settings an ask carries to the session's Durable Object, where the model's answer runs: the
 * object then calls A2E and the model exactly as the request that asked would have (deployed, the
 * two always hold the same values; tests give a single request other ones).
 */
const CONFIG_VARS = [
  'A2E_API_KEY',
  'A2E_BASE_URL',
  'UPSTREAM_TIMEOUT_MS',
  'LLM_BASE_URL',
  'LLM_API_KEY',
  'LLM_MODEL',
  'LLM_SPEAK_PACING',
  'SIM_LLM_FIRST_TOKEN_MS',
  'SIM_LLM_TOKENS_PER_SECOND',
] as const satisfies readonly (keyof Env)[];

export type ConfigVars = Partial<Pick<Env, (typeof CONFIG_VARS)[number]>>;

export function configVars(env: Env): ConfigVars {
  const vars: ConfigVars = {};
  for (const name of CONFIG_VARS) if (env[name] !== undefined) vars[name] = env[name];
  return vars;
}

/** One ask, sent to the session's object: activity, the utterance limit and the answer in one call. */
export interface AskCall {
  /** The client address the utterance limit counts; none for callers inside Cloudflare. */
  client: string | undefined;
  /** The ticket's channel: the object answers only for its own session. */
  channel: string;
  question: string;
  vars: ConfigVars;
}

/** `events`: the model's answer, when this session's asks go to the model. */
export interface AskStart {
  limited: boolean;
  record: SessionRecord | null;
  events?: ReadableStream<Uint8Array>;
}

/** The session's brain; records made before models existed are A2E's. */
export function brainOf(record: SessionRecord): 'a2e' | 'model' {
  return record.brain ?? 'a2e';
}

/** Starts the model's answer to `question`, with the session's context, in the object's `answers`. */
export async function startAnswer(
  answers: ModelAnswers,
  env: Env,
  record: SessionRecord,
  context: string,
  question: string,
): Promise<ReadableStream<Uint8Array>> {
  const config = readConfig(env);
  if (!config.model) {
    return singleEvent({ type: 'error', status: 503, code: 'not_configured', message: 'This broker no longer has a model (LLM_BASE_URL is unset).' });
  }
  return answers.ask({
    question,
    context,
    ...(record.language ? { language: record.language } : {}),
    channel: record.channel,
    expiresAt: record.expiresAt,
    env,
    config: config.model,
    timeoutMs: config.upstreamTimeoutMs,
  });
}
