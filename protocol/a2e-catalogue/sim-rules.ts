import type { SimBehaviour } from './endpoint';
import { familyOf, FAMILIES, type FamilyName } from './task-families';

/** What the simulator needs to know of an operation to pick its behaviour. */
export interface OperationShape {
  method: string;
  path: string;
  query: string[];
  body: string[];
}

const CREATE = new Set(['start', 'add', 'startDubbing', 'generate', 'training', 'startTraining']);
const LISTS = new Set(['allRecords', 'list', 'records', 'userRecords', 'trainingRecords', 'trainingRecord', 'completedRecord', 'allProcessing']);

/**
 * How the simulator answers an operation of the reference, read from its shape: a start creates
 * a task of the path's family, a list pages in the form its query parameters name, `{_id}`
 * reads, deletes or renames, `batchDetail` reads several. Anything else has a handler of its own.
 */
export function simBehaviourOf(op: OperationShape): SimBehaviour {
  const family = familyOf(op.path);
  if (!family) return { action: 'custom' };
  const segments = op.path.split('/').filter(Boolean).slice(3);
  const last = segments.at(-1) ?? '';
  const param = segments.find((s) => /^\{\w+\}$/.test(s))?.slice(1, -1);
  const isTask = 'task' in FAMILIES[family];
  if (op.method === 'POST' && CREATE.has(last) && (isTask || op.body.length > 0)) {
    // userVideoTwin/training and /upload document no body: their own handlers.
    if (family === 'videoTwin' && last !== 'startTraining') return { action: 'custom' };
    return { action: 'create', family };
  }
  if (op.method === 'GET' && LISTS.has(last) && !param) {
    return {
      action: 'list',
      family,
      paging: pagingOf(op.query),
      ...(last === 'allProcessing' ? { only: 'processing' as const } : {}),
      ...(last === 'completedRecord' ? { only: 'completed' as const } : {}),
    };
  }
  if (op.method === 'POST' && last === 'batchDetail') return { action: 'batch', family };
  if (param && segments.length <= 3) {
    const after = segments.slice(segments.indexOf(`{${param}}`) + 1);
    if (after.length === 0 && op.method === 'GET') return { action: 'get', family, id: param };
    if (after.length === 0 && op.method === 'DELETE') return { action: 'delete', family, id: param };
    if (after.length === 0 && op.method === 'PUT') return { action: 'update', family, id: param };
    if (after.length === 1 && op.method === 'POST' && /^mark[A-Z]/.test(after[0]!)) return { action: 'mark', family, id: param, flag: after[0]! };
  }
  // Lookups by a query parameter: `status?_id=`, `detail?video_id=`.
  if (op.method === 'GET' && !param && (op.query.includes('_id') || op.query.includes('video_id'))) {
    return { action: 'get', family, id: op.query.includes('_id') ? '_id' : 'video_id' };
  }
  if (op.method === 'POST' && last === 'remove' && op.body.includes('_id')) return { action: 'delete', family, id: '_id' };
  return { action: 'custom' };
}

export type Paging = 'pageNum' | 'page' | 'current' | 'none';

/** The paging form a list's query parameters name (shared/a2e-api.md: four forms). */
export function pagingOf(query: string[]): Paging {
  if (query.includes('pageNum')) return 'pageNum';
  if (query.includes('page') && query.includes('page_size')) return 'page';
  if (query.includes('current')) return 'current';
  return 'none';
}

export type { FamilyName };
