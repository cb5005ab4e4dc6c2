/**
 * Reads what the avatar says out of Agora `stream-message` payloads. A data-stream message is
 * at most about 1 KB, so longer ones arrive in parts; Agora's own convention (used by its
 * conversational AI engine) is `messageId|partIndex|partCount|base64(content)`. Whole messages
 * may also come as plain JSON or plain text. The content is JSON with a `text` (or `content`
 * / `message`) field, or the text itself.
 */
const MAX_PENDING_MESSAGES = 32;

interface PendingMessage {
  count: number;
  /** By part index: senders number parts from 1 (Agora) or from 0; sorting the keys serves both. */
  parts: Map<number, string>;
}

export class StreamMessageText {
  private readonly pending = new Map<string, PendingMessage>();
  private readonly decoder = new TextDecoder();

  /** Feeds one payload; returns the avatar's text once a whole message with text has arrived. */
  push(payload: Uint8Array): string | undefined {
    const raw = this.decoder.decode(payload);
    const part = /^([^|]+)\|(\d+)\|(\d+)\|([A-Za-z0-9+/=_-]*)$/.exec(raw);
    if (!part) return textOf(raw);
    const [, id, index, count, data] = part as unknown as [string, string, string, string, string];
    const whole = this.assemble(id, Number(index), Number(count), data);
    return whole === undefined ? undefined : textOf(decodeBase64(whole));
  }

  private assemble(id: string, index: number, count: number, data: string): string | undefined {
    if (count < 1 || count > 256 || index > count) return undefined;
    let message = this.pending.get(id);
    if (!message || message.count !== count) {
      message = { count, parts: new Map() };
      this.pending.set(id, message);
      // A sender that died mid-message must not grow this map forever.
      if (this.pending.size > MAX_PENDING_MESSAGES) this.pending.delete(this.pending.keys().next().value!);
    }
    message.parts.set(index, data);
    if (message.parts.size < count) return undefined;
    this.pending.delete(id);
    return [...message.parts.entries()].sort(([a], [b]) => a - b).map(([, part]) => part).join('');
  }
}

function decodeBase64(data: string): string {
  try {
    const binary = atob(data.replace(/-/g, '+').replace(/_/g, '/'));
    return new TextDecoder().decode(Uint8Array.from(binary, (char) => char.charCodeAt(0)));
  } catch {
    return '';
  }
}

function textOf(content: string): string | undefined {
  const trimmed = content.trim();
  if (!trimmed) return undefined;
  if (!trimmed.startsWith('{')) return trimmed;
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  // Transcripts of the visitor, or partial ones, are not what the avatar said.
  if (typeof record.object === 'string' && record.object.startsWith('user.')) return undefined;
  if (record.final === false || record.is_final === false) return undefined;
  for (const key of ['text', 'content', 'message']) {
    const text = record[key];
    if (typeof text === 'string' && text.trim()) return text.trim();
  }
  return undefined;
}
