import { describe, expect, it } from 'vitest';
import { StreamMessageText } from './stream-message-text';

const bytes = (text: string) => new TextEncoder().encode(text);
const base64 = (text: string) => btoa(String.fromCharCode(...new TextEncoder().encode(text)));

describe('StreamMessageText', () => {
  it('reads whole messages sent as plain text or JSON', () => {
    const reader = new StreamMessageText();
    expect(reader.push(bytes('Hello!'))).toBe('Hello!');
    expect(reader.push(bytes(JSON.stringify({ text: 'From JSON' })))).toBe('From JSON');
    expect(reader.push(bytes(JSON.stringify({ content: 'As content' })))).toBe('As content');
  });

  it('reassembles parts that arrive out of order, UTF-8 included', () => {
    const reader = new StreamMessageText();
    const content = base64(JSON.stringify({ object: 'assistant.transcription', text: 'Grüße, ça va? 你好' }));
    const parts = [content.slice(0, 10), content.slice(10, 30), content.slice(30)];
    expect(reader.push(bytes(`abc|3|3|${parts[2]}`))).toBeUndefined();
    expect(reader.push(bytes(`abc|1|3|${parts[0]}`))).toBeUndefined();
    expect(reader.push(bytes(`abc|2|3|${parts[1]}`))).toBe('Grüße, ça va? 你好');
  });

  it('accepts parts numbered from 0 as well', () => {
    const reader = new StreamMessageText();
    const content = base64('zero based parts');
    expect(reader.push(bytes(`z|1|2|${content.slice(8)}`))).toBeUndefined();
    expect(reader.push(bytes(`z|0|2|${content.slice(0, 8)}`))).toBe('zero based parts');
  });

  it('keeps interleaved messages apart', () => {
    const reader = new StreamMessageText();
    const one = base64('first message');
    const two = base64('second message');
    expect(reader.push(bytes(`m1|1|2|${one.slice(0, 8)}`))).toBeUndefined();
    expect(reader.push(bytes(`m2|1|2|${two.slice(0, 8)}`))).toBeUndefined();
    expect(reader.push(bytes(`m2|2|2|${two.slice(8)}`))).toBe('second message');
    expect(reader.push(bytes(`m1|2|2|${one.slice(8)}`))).toBe('first message');
  });

  it("skips the visitor's transcripts, partial ones, and what has no text", () => {
    const reader = new StreamMessageText();
    expect(reader.push(bytes(JSON.stringify({ object: 'user.transcription', text: 'what the visitor said' })))).toBeUndefined();
    expect(reader.push(bytes(JSON.stringify({ text: 'half a sente', final: false })))).toBeUndefined();
    expect(reader.push(bytes(JSON.stringify({ volume: 3 })))).toBeUndefined();
    expect(reader.push(bytes('   '))).toBeUndefined();
  });
});
