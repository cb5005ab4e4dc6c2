/**
 * Whole messages out of Agora `stream-message` payloads. A data-stream message is at most about
 * 1 KB, so a longer one may arrive in parts; Agora's own convention (used by its conversational
 * AI engine) is `messageId|partIndex|partCount|base64(content)`. A2E documents neither a limit
 * nor a split for its QA messages (a2e-api.md), so both forms are read: a payload that is not a
 * part is a whole message. What the message says (StreamData) is read elsewhere.
 */
const MAX_PENDING_MESSAGES = 32;

interface PendingMessage {
  count: number;
  /** By part index: senders number parts from 1 (Agora) or from 0; sorting the keys serves both. */
  parts: Map<number, string>;
}

export class StreamMessageChunks {
  private readonly pending = new Map<string, PendingMessage>();
  private readonly decoder = new TextDecoder();

  /** Feeds one payload; returns a message's content once all of it has arrived. */
  push(payload: Uint8Array): string | undefined {
    const raw = this.decoder.decode(payload);
    const part = /^([^|]+)\|(\d+)\|(\d+)\|([A-Za-z0-9+/=_-]*)$/.exec(raw);
    if (!part) return nonEmpty(raw);
    const [, id, index, count, data] = part as unknown as [string, string, string, string, string];
    const whole = this.assemble(id, Number(index), Number(count), data);
    return whole === undefined ? undefined : nonEmpty(decodeBase64(whole));
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

function nonEmpty(content: string): string | undefined {
  return content.trim() ? content : undefined;
}
