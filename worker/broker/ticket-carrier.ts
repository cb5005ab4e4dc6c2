import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { ApiError } from '../errors';
import { bodyJson, type BodyJson } from './body-json';

/** The body field that carries a ticket (DESIGN.md, "Broker API"). */
export const TICKET_FIELD = 'ticket';

/**
 * Bodies the ticket is never looked for in: raw audio (transcribe) is sent by servers with the
 * header, and buffering megabytes to look for a field that cannot be there helps no one.
 */
const OPAQUE_BODY = /^(audio|video)\/|^application\/octet-stream/i;

/**
 * The session ticket of a request, wherever it travels: `Authorization: Bearer`, a `ticket` field
 * of the body (JSON whatever its Content-Type, since a browser sends a string as text/plain to
 * stay a CORS-simple request; or a `multipart/form-data` part), or on a GET a `ticket` query
 * parameter. Undefined when there is none. Refused with 401 when the places disagree (two
 * different tickets is a confused or hostile client, never one to guess for), when a non-GET puts
 * it in the URL (URLs end up in logs and Referer headers: the body is the place), or when the field
 * is not a string.
 */
export async function ticketOf(c: Context): Promise<string | undefined> {
  const found = [bearerToken(c), ...queryTickets(c), await bodyTicket(c)].filter((ticket) => ticket !== undefined);
  if (new Set(found).size > 1) {
    throw refusal('The request carries two different tickets (header, body or query); send one.');
  }
  return found[0];
}

/** The bearer token of the Authorization header, if any. */
export function bearerToken(c: Context): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('Authorization') ?? '');
  return match?.[1];
}

function queryTickets(c: Context): string[] {
  const values = c.req.queries(TICKET_FIELD) ?? [];
  if (values.length > 0 && c.req.method !== 'GET' && c.req.method !== 'HEAD') {
    throw refusal('A ticket goes in the URL only on a GET; send it in the body or the Authorization header.');
  }
  return values;
}

async function bodyTicket(c: Context): Promise<string | undefined> {
  if (c.req.method === 'GET' || c.req.method === 'HEAD') return undefined;
  const type = c.req.header('Content-Type') ?? '';
  if (OPAQUE_BODY.test(type)) return undefined;
  // Read as bytes (body-json.ts): the route's own body reading (text, JSON or form data, binary
  // parts intact) still works afterwards; a failed parse here never poisons that cache.
  const value = /^multipart\/form-data/i.test(type) ? await formField(await c.req.arrayBuffer(), type) : jsonField(await bodyJson(c));
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value === '') throw refusal('The ticket field of the body is not a ticket.');
  return value;
}

/** The body's ticket field; an unreadable body has none (the route then says what is wrong with it). */
function jsonField(body: BodyJson): unknown {
  return isRecord(body.value) ? body.value[TICKET_FIELD] : undefined;
}

async function formField(bytes: ArrayBuffer, type: string): Promise<unknown> {
  if (bytes.byteLength === 0) return undefined;
  try {
    const form = await new Response(bytes, { headers: { 'Content-Type': type } }).formData();
    return form.get(TICKET_FIELD) ?? undefined;
  } catch {
    return undefined;
  }
}

/** A JSON body without its ticket, so body schemas (strict or not) validate only what they describe. */
export function withoutTicket(body: unknown): unknown {
  if (!isRecord(body) || !(TICKET_FIELD in body)) return body;
  const { [TICKET_FIELD]: _ticket, ...rest } = body;
  return rest;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function refusal(message: string): ApiError {
  return new ApiError(401, 'unauthorized', message, { 'WWW-Authenticate': 'Bearer' });
}

/**
 * Replies of the session routes say `Referrer-Policy: no-referrer`: a reply opened as a page
 * (a GET with its ticket in the query, by a developer) sends nothing of its URL onwards.
 */
export const noReferrer = createMiddleware(async (c, next) => {
  await next();
  c.res.headers.set('Referrer-Policy', 'no-referrer');
});
