import { describe, expect, it } from 'vitest';
import { StreamMessageChunks } from './stream-message-chunks';

const bytes = (text: string) => new TextEncoder().encode(text);
const base64 = (text: string) => btoa(String.fromCharCode(...new TextEncoder().encode(text)));

describe('StreamMessageChunks', () => {
  it('passes a whole message through as it came', () => {
    const reader = new StreamMessageChunks();
    const qa = JSON.stringify({ type: 'QA', message: 'Hello!', pos: 'start' });
    expect(reader.push(bytes(qa))).toBe(qa);
    expect(reader.push(bytes('plain words'))).toBe('plain words');
  });

  it('reassembles parts that arrive out of order, UTF-8 included', () => {
    const reader = new StreamMessageChunks();
    const qa = JSON.stringify({ type: 'QA', message: 'Grüße, ça va? 你好' });
    const content = base64(qa);
    const parts = [content.slice(0, 10), content.slice(10, 30), content.slice(30)];
    expect(reader.push(bytes(`abc|3|3|${parts[2]}`))).toBeUndefined();
    expect(reader.push(bytes(`abc|1|3|${parts[0]}`))).toBeUndefined();
    expect(reader.push(bytes(`abc|2|3|${parts[1]}`))).toBe(qa);
  });

  it('accepts parts numbered from 0 as well', () => {
    const reader = new StreamMessageChunks();
    const content = base64('zero based parts');
    expect(reader.push(bytes(`z|1|2|${content.slice(8)}`))).toBeUndefined();
    expect(reader.push(bytes(`z|0|2|${content.slice(0, 8)}`))).toBe('zero based parts');
  });

  it('keeps interleaved messages apart', () => {
    const reader = new StreamMessageChunks();
    const one = base64('first message');
    const two = base64('second message');
    expect(reader.push(bytes(`m1|1|2|${one.slice(0, 8)}`))).toBeUndefined();
    expect(reader.push(bytes(`m2|1|2|${two.slice(0, 8)}`))).toBeUndefined();
    expect(reader.push(bytes(`m2|2|2|${two.slice(8)}`))).toBe('second message');
    expect(reader.push(bytes(`m1|2|2|${one.slice(8)}`))).toBe('first message');
  });

  it('gives nothing for an empty message or a part count out of range', () => {
    const reader = new StreamMessageChunks();
    expect(reader.push(bytes('   '))).toBeUndefined();
    expect(reader.push(bytes(`x|1|1|${base64('  ')}`))).toBeUndefined();
    expect(reader.push(bytes(`y|3|2|${base64('index past count')}`))).toBeUndefined();
  });
});
