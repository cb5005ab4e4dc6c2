import { refuse, type Handler } from './sim-context';

/** Largest file the simulated bucket takes (it lives in a Durable Object). */
export const MAX_UPLOAD_BYTES = 8 * 1024 * 1024;

export interface PendingUpload {
  objectKey: string;
  token: string;
  contentType: string;
  length: number | null;
  expiresAtMs: number;
}

/**
 * The upload URL pair (ref): a URL to PUT the file to and the public `cdnUrl` it is then served
 * from. Here both point at this Worker's `/sim/uploads/...` and `/sim/files/...` (upload-routes.ts),
 * so a PUT really stores the bytes and the cdnUrl serves them back. The object key is scoped like
 * A2E's: `{urlPrefix}/{env}/user/{user_id}/{key}`.
 */
export const presignUpload: Handler = async (input, ctx) => {
  const key = String(input.key).replace(/^\/+/, '');
  if (!key || key.split('/').some((part) => part === '..' || part === '.')) throw refuse(ctx, 400, 'key must be a relative object name.');
  const bucket = typeof input.bucket === 'string' && input.bucket ? input.bucket : '3days-apac';
  const prefix = typeof input.urlPrefix === 'string' && input.urlPrefix ? input.urlPrefix : 'adam2eve';
  const expiresIn = typeof input.expiresIn === 'number' ? input.expiresIn : 3600;
  const declared = Number(input.contentLength ?? input.fileSize);
  const length = Number.isSafeInteger(declared) && declared > 0 ? declared : null;
  if (length !== null && length > MAX_UPLOAD_BYTES) throw refuse(ctx, 400, `The simulator takes files up to ${MAX_UPLOAD_BYTES} bytes.`);
  const objectKey = `${prefix}/sim/user/sim-user/${key}`;
  const uploadId = randomHex(12);
  const pending: PendingUpload = {
    objectKey,
    token: randomHex(16),
    contentType: typeof input.contentType === 'string' && input.contentType ? input.contentType : 'application/octet-stream',
    length,
    expiresAtMs: ctx.now + expiresIn * 1000,
  };
  await ctx.store.setSetting(`upload:${uploadId}`, pending as never);
  return {
    uploadUrl: `${ctx.origin}/sim/uploads/${uploadId}?token=${pending.token}`,
    cdnUrl: `${ctx.origin}/sim/files/${objectKey.split('/').map(encodeURIComponent).join('/')}`,
    key: objectKey,
    bucket,
    expiresIn,
  };
};

function randomHex(bytes: number): string {
  return [...crypto.getRandomValues(new Uint8Array(bytes))].map((b) => b.toString(16).padStart(2, '0')).join('');
}
