import type { Confidence } from './endpoint';

/**
 * Our marks on the reference's operations (shared/a2e-api.md): every operation of A2E's
 * developer reference is `ref`, except where one of A2E's documentation pages states it too; and
 * which calls are free reads, the ones `npm run a2e:check` may make on a real account.
 */
export const REFERENCE_SOURCE = 'https://video.a2e.ai/dev/openapi-spec';

const DOC_PAGES: Record<string, string> = {
  'GET /api/v1/userFaceSwapTask/status': 'A2E documentation (api.a2e.ai), face swap: status of the user\'s tasks, no parameters',
  'GET /api/v1/userFaceSwapTask/records': 'A2E documentation (api.a2e.ai), face swap records: pageNum and pageSize required; data { rows, count }',
};

export function referenceMark(method: string, path: string, operationId: string): { confidence: Confidence; source: string } {
  const doc = DOC_PAGES[`${method} ${path}`];
  if (doc) return { confidence: 'doc', source: `${doc}; also ${REFERENCE_SOURCE} (${operationId})` };
  return { confidence: 'ref', source: `${REFERENCE_SOURCE} (${operationId})` };
}

/** POSTs that only read: lists and lookups the reference makes POST. */
const POST_READS = new Set([
  '/api/v1/anchor/list',
  '/api/v1/anchor/tts_list',
  '/api/v1/anchor/language_list',
  '/api/v1/anchor/voice_list',
  '/api/v1/custom_avatar/list',
  '/api/v1/custom_back/list',
  '/api/v1/custom_back/allBackground',
  '/api/v1/custom_back/randomBackground',
  '/api/v1/video/awsResult',
  // No task, no charge (the reference says so); it needs an endpoint and a body to quote.
  '/api/v1/generation/quote',
]);

/** GETs that may start work or cost: the 1080p rendition answers 202 while it is being made. */
const GET_NOT_READS = new Set(['/api/v1/veoVideo/{_id}/1080p']);

/** The paging fields a check may fill in itself (the first page). */
const PAGING = new Set(['pageNum', 'pageSize', 'page', 'page_size', 'current']);

/**
 * What `npm run a2e:check` may call on a real account with nothing to go on: a free read
 * (isFreeRead) that needs no record's id and no other required input than paging. Details,
 * `batchDetail` and quotes are free too, but need an id or a body the check cannot make up.
 */
export function isReadOnly(method: string, path: string, required: string[]): boolean {
  return isFreeRead(method, path) && !path.includes('{') && required.every((name) => PAGING.has(name));
}

/**
 * Free and without effect. Never a start, an upload URL (charged per R2 pricing for API tokens),
 * a prompt extension (runs an LLM), a mark, a rename or a delete.
 */
export function isFreeRead(method: string, path: string): boolean {
  if (method === 'GET') return !GET_NOT_READS.has(path);
  if (method === 'POST') return POST_READS.has(path) || path.endsWith('/batchDetail');
  return false;
}
