import { z } from 'zod';
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env';
import { MAX_TEXT_LENGTH, MODEL_MAX_CONTEXT_LENGTH } from '../../protocol/broker-api';
import { ApiError } from '../errors';
import { withoutTicket } from './ticket-carrier';
import { bodyJson } from './body-json';

/** Largest request body the broker reads at all (hono/body-limit); anything bigger is a 413. */
export const MAX_BODY_BYTES = 64 * 1024;

/** A2E ids are 24 hex characters; allow any id-like token, so nothing odd goes upstream. */
const avatarId = z.string().trim().min(1).max(128).regex(/^[A-Za-z0-9._:-]+$/, 'Invalid avatar id');
/**
 * A BCP 47 tag such as "en" or "en-US". It is an optional hint about the visitor, read from their
 * browser's locale, which can be anything ("C" in a container): one that is not a tag is dropped,
 * never a reason to refuse the conversation.
 */
const language = z.string().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/, 'Invalid language tag').optional().catch(undefined);
const utterance = z.string().trim().min(1).max(MAX_TEXT_LENGTH);

/**
 * A context as long as any brain takes (the model's); the route holds it to the session's brain's
 * own limit (session-brain.ts), which for A2E's QA is shorter.
 */
const context = z.string().max(MODEL_MAX_CONTEXT_LENGTH);

export const createSessionSchema = z.object({
  avatarId,
  context: context.optional(),
  language,
  brain: z.enum(['a2e', 'model']).optional(),
});

export const speakSchema = z.object({ text: utterance });
export const askSchema = z.object({ question: utterance });
export const contextSchema = z.object({ context });

/**
 * A JSON body checked against `schema`, for `c.req.valid('json')`. Missing or invalid fields are
 * a 400; a text longer than A2E accepts is a 413 (payload_too_large), so a client can tell "too
 * long" from "wrong". The body is read as JSON whatever its Content-Type says: fetch() sends a
 * string body as text/plain and curl -d as a form, and refusing valid JSON for its label helps no
 * one (the origin check and the ticket, not the content type, are what guard these routes).
 */
export function jsonBody<T extends z.ZodType>(
  schema: T,
): MiddlewareHandler<AppEnv, string, { in: { json: z.input<T> }; out: { json: z.output<T> } }> {
  return async (c, next) => {
    const body = await optionalJsonBody(c, schema);
    if (body === undefined) throw new ApiError(400, 'bad_request', 'Send a JSON body, e.g. with Content-Type: application/json.');
    c.req.addValidatedData('json', body as object);
    await next();
  };
}

/** A JSON body that may be absent: undefined when there is none. */
export async function optionalJsonBody<T extends z.ZodType>(c: Context, schema: T): Promise<z.output<T> | undefined> {
  // Parsed once per request: requireTicket has read it already where the ticket may ride in it.
  const body = await bodyJson(c);
  if (!body.text) return undefined;
  if (body.malformed) throw new ApiError(400, 'bad_request', 'Malformed JSON in request body.');
  // The session ticket may ride in the body; requireTicket has read it, the schema need not know it.
  const parsed = schema.safeParse(withoutTicket(body.value));
  if (!parsed.success) throw validationError(parsed.error);
  return parsed.data;
}

export function validationError(error: { issues: readonly z.core.$ZodIssue[] }): ApiError {
  const tooLong = error.issues.find((issue) => issue.code === 'too_big');
  if (tooLong) {
    const field = tooLong.path.join('.') || 'body';
    return new ApiError(413, 'payload_too_large', `${field} is too long: at most ${String(tooLong.maximum)} characters.`);
  }
  const message = error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`)
    .join('; ');
  return new ApiError(400, 'bad_request', message);
}
