import { Hono } from 'hono';
import type { Env } from '../../env';
import { a2eFail, a2eOk, SIM_CODES } from '../a2e-reply';

/** Longest download the probe streams: 1 GiB. */
const MAX_PROBE_BYTES = 1 << 30;
const CHUNK_BYTES = 64 * 1024;

/**
 * Simulator-only endpoints (not A2E's) that let tests and benchmarks push large bodies through
 * the proxy: one counts an upload chunk by chunk without holding it, one streams a download of
 * any size generated on demand. Neither ever holds more than one chunk.
 */
export const probeRoutes = new Hono<{ Bindings: Env }>()
  .post('/api/v1/simulator/upload-probe', async (c) => {
    let bytes = 0;
    let chunks = 0;
    let largestChunk = 0;
    const body = c.req.raw.body;
    if (body) {
      for await (const chunk of body) {
        bytes += chunk.byteLength;
        chunks += 1;
        largestChunk = Math.max(largestChunk, chunk.byteLength);
      }
    }
    return a2eOk(c, { bytes, chunks, largestChunk });
  })
  .get('/api/v1/simulator/download-probe', (c) => {
    const total = Number(c.req.query('bytes') ?? 0);
    if (!Number.isInteger(total) || total < 0 || total > MAX_PROBE_BYTES) {
      return a2eFail(c, SIM_CODES.badRequest, `bytes must be a whole number from 0 to ${MAX_PROBE_BYTES}.`);
    }
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        const size = Math.min(CHUNK_BYTES, total - sent);
        if (size <= 0) return controller.close();
        controller.enqueue(new Uint8Array(size).fill(sent % 251));
        sent += size;
      },
    });
    return new Response(stream, {
      headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': String(total) },
    });
  });
