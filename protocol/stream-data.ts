/**
 * What an A2E streaming avatar sends into its Agora channel: `stream-message` payloads of UTF-8
 * JSON (a2e-api.md, "What the avatar sends into the room"; doc: A2E's Ask page). The answer to
 * `ask` comes as one message with `pos: 'start'`, any number with `'middle'` and one with `'end'`;
 * a message without `pos` is a whole answer. No other message type is documented.
 *
 * Shared by the widget (which reads it from both transports) and the simulator's rooms (which
 * send their avatar's answers in this shape).
 */
export type QaPos = 'start' | 'middle' | 'end';

export interface StreamData {
  type: 'QA';
  message: string;
  pos?: QaPos;
}

const POSITIONS: readonly string[] = ['start', 'middle', 'end'] satisfies QaPos[];

/**
 * One whole message's JSON as StreamData; undefined for anything else: another type, a `pos`
 * A2E does not document, or not JSON at all. A `pos` of null counts as absent.
 */
export function parseStreamData(json: string): StreamData | undefined {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { type, message, pos } = value as Record<string, unknown>;
  if (type !== 'QA' || typeof message !== 'string') return undefined;
  if (pos === undefined || pos === null) return { type, message };
  if (typeof pos !== 'string' || !POSITIONS.includes(pos)) return undefined;
  return { type, message, pos: pos as QaPos };
}
