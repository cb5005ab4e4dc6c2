import { Hono } from 'hono';
import type { AppEnv } from '../../env';
import { readConfig } from '../../config';
import { ApiError } from '../../errors';
import { sameSecret } from '../../same-secret';
import { simTasks } from './sim-tasks-stub';
import { MAX_UPLOAD_BYTES, type PendingUpload } from './uploads';

/**
 * The simulated bucket behind `r2/upload-presigned-url` (simulator mode only): the upload URL
 * takes one PUT of the file, checked by its one-time token, its expiry and its declared length;
 * the cdnUrl serves it back to anyone, as a public CDN URL does.
 */
export const simulatorUploadRoutes = new Hono<AppEnv>()
  .use(async (c, next) => {
    if (readConfig(c.env).mode === 'live') throw new ApiError(404, 'not_found', `No route for ${c.req.method} ${c.req.path}.`);
    await next();
  })
  .put('/uploads/:id', async (c) => {
    const store = simTasks(c.env, undefined);
    const pending = (await store.setting(`upload:${c.req.param('id')}`, null)) as unknown as PendingUpload | null;
    const token = c.req.query('token') ?? '';
    if (!pending || !(await sameSecret(token, pending.token))) throw new ApiError(403, 'forbidden', 'This upload URL is not valid.');
    if (Date.now() > pending.expiresAtMs) throw new ApiError(403, 'forbidden', 'This upload URL has expired; ask for a new one.');
    const bytes = await c.req.arrayBuffer();
    if (bytes.byteLength > MAX_UPLOAD_BYTES) throw new ApiError(413, 'payload_too_large', `The simulator takes files up to ${MAX_UPLOAD_BYTES} bytes.`);
    if (pending.length !== null && bytes.byteLength !== pending.length) {
      throw new ApiError(400, 'bad_request', `The URL was signed for ${pending.length} bytes; ${bytes.byteLength} came.`);
    }
    await store.putFile(pending.objectKey, bytes, c.req.header('Content-Type') || pending.contentType);
    // One upload per URL, as a signed URL for one object.
    await store.setSetting(`upload:${c.req.param('id')}`, null);
    return c.body(null, 200, { ETag: `"${bytes.byteLength.toString(16)}"` });
  })
  .get('/files/*', async (c) => {
    const objectKey = decodeURIComponent(c.req.path.replace(/^.*?\/files\//, ''));
    const file = await simTasks(c.env, undefined).getFile(objectKey);
    if (!file) throw new ApiError(404, 'not_found', 'No such file.');
    return c.body(file.bytes as Uint8Array<ArrayBuffer>, 200, { 'Content-Type': file.contentType, 'Cache-Control': 'public, max-age=3600', 'Access-Control-Allow-Origin': '*' });
  });
