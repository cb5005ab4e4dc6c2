/** The audio of one utterance, as a stream of known length (the envelope then has one too). */
export interface AudioPart {
  filename: string;
  type: string;
  length: number;
  stream: ReadableStream<Uint8Array>;
}

export interface Envelope {
  contentType: string;
  length: number;
  body: ReadableStream<Uint8Array>;
}

/**
 * A `multipart/form-data` body around an audio stream, built as a stream: the text fields, then
 * the `file` part, whose bytes pass straight through, never held whole by the Worker. Its length
 * is known up front, so the upstream gets a Content-Length (workerd's FixedLengthStream) rather
 * than a chunked body, which some STT servers refuse.
 */
export function multipartEnvelope(fields: Record<string, string>, file: AudioPart): Envelope {
  const boundary = `----a2e-utterance-${crypto.randomUUID()}`;
  const encoder = new TextEncoder();
  const head = encoder.encode(
    Object.entries(fields)
      .map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`)
      .join('') +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.filename}"\r\n` +
      `Content-Type: ${file.type}\r\n\r\n`,
  );
  const tail = encoder.encode(`\r\n--${boundary}--\r\n`);
  const length = head.byteLength + file.length + tail.byteLength;
  const { readable, writable } = new FixedLengthStream(length);
  void (async () => {
    const writer = writable.getWriter();
    const reader = file.stream.getReader();
    try {
      await writer.write(head);
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        await writer.write(value);
      }
      await writer.write(tail);
      await writer.close();
    } catch (err) {
      await writer.abort(err).catch(() => {});
      await reader.cancel(err).catch(() => {});
    }
  })();
  return { contentType: `multipart/form-data; boundary=${boundary}`, length, body: readable };
}
