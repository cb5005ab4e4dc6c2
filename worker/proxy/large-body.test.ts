import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';

const ADMIN = { Authorization: 'Bearer test-admin-token' };
const MB = 1024 * 1024;
const TOTAL = 50 * MB;
/** A body passed through whole would arrive as one chunk of its full size. */
const MAX_CHUNK = 1 * MB;

/** A 50 MB body made on demand, 64 KiB at a time: the test never holds it whole either. */
function generatedBody(total: number): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const size = Math.min(64 * 1024, total - sent);
      if (size <= 0) return controller.close();
      controller.enqueue(new Uint8Array(size).fill(7));
      sent += size;
    },
  });
}

describe('large bodies stream through the proxy', () => {
  it('streams a 50 MB upload to the upstream in chunks, never whole', async () => {
    const res = await SELF.fetch('https://broker.test/api/v1/simulator/upload-probe', {
      method: 'POST',
      headers: { ...ADMIN, 'Content-Type': 'application/octet-stream' },
      body: generatedBody(TOTAL),
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(200);
    const { data } = (await res.json()) as { data: { bytes: number; chunks: number; largestChunk: number } };
    expect(data.bytes).toBe(TOTAL);
    expect(data.chunks).toBeGreaterThan(1);
    expect(data.largestChunk).toBeLessThanOrEqual(MAX_CHUNK);
  });

  it('streams a 50 MB download to the caller in chunks, never whole', async () => {
    const res = await SELF.fetch(`https://broker.test/api/v1/simulator/download-probe?bytes=${TOTAL}`, { headers: ADMIN });
    expect(res.status).toBe(200);
    let bytes = 0;
    let chunks = 0;
    let largest = 0;
    for await (const chunk of res.body as ReadableStream<Uint8Array>) {
      bytes += chunk.byteLength;
      chunks += 1;
      largest = Math.max(largest, chunk.byteLength);
    }
    expect(bytes).toBe(TOTAL);
    expect(chunks).toBeGreaterThan(1);
    expect(largest).toBeLessThanOrEqual(MAX_CHUNK);
  });
});
