import type { Context } from 'hono';

/** A request body as text, and that text read as JSON: `malformed` when it is not JSON. */
export interface BodyJson {
  /** Trimmed; '' for an empty body. */
  text: string;
  value: unknown;
  malformed: boolean;
}

/** Per request, so the ticket's place (ticket-carrier.ts) and the body schema read one parse. */
const parsed = new WeakMap<Request, Promise<BodyJson>>();

/**
 * The body read once as bytes (Hono keeps them, so a later reading of any kind, binary intact,
 * still works) and parsed once as JSON, however many steps look at it.
 */
export function bodyJson(c: Context): Promise<BodyJson> {
  let body = parsed.get(c.req.raw);
  if (!body) {
    body = c.req.arrayBuffer().then(readJson);
    parsed.set(c.req.raw, body);
  }
  return body;
}

function readJson(bytes: ArrayBuffer): BodyJson {
  const text = new TextDecoder().decode(bytes).trim();
  if (!text) return { text, value: undefined, malformed: false };
  try {
    return { text, value: JSON.parse(text), malformed: false };
  } catch {
    return { text, value: undefined, malformed: true };
  }
}
