import { catalogueEntries, FAMILIES, taskConvention, type CatalogueEntry, type TaskConvention, type TaskFamilyName } from '../protocol/a2e-catalogue/index';

/** How `waitFor` reads one task of a family: a detail call, or its list, where that is all A2E has. */
export interface TaskReader {
  family: TaskFamilyName;
  convention: TaskConvention;
  entry: CatalogueEntry;
  /** `detail`: the call answers the record (or an array holding it); `list`: find it in the list. */
  kind: 'detail' | 'list';
  /** The input field that carries the id (detail), or the paging input (list). */
  input: (id: string) => Record<string, unknown>;
}

/** Families whose tasks the reference gives no way to read back (Wan 3.0: a start only). */
export const UNREADABLE = ['wan30'] as const;
export type WaitableFamily = Exclude<TaskFamilyName, (typeof UNREADABLE)[number]>;

/**
 * The reader of each task family, picked from the catalogue: the older `video/awsResult` for
 * avatar videos (doc: it is the documented status call), else the family's detail call, else its
 * list. Derived, so a new detail endpoint in the reference is used as soon as it appears.
 */
export function taskReader(family: WaitableFamily): TaskReader {
  const convention = taskConvention(family);
  if (!convention) throw new Error(`${family} is not a task family.`);
  const prefixes = FAMILIES[family].prefixes as readonly string[];
  const entries = catalogueEntries().filter(({ endpoint }) => prefixes.some((p) => endpoint.path.startsWith(`/api/v1/${p}`)));
  const aws = entries.find(({ endpoint }) => endpoint.path === '/api/v1/video/awsResult');
  if (aws) return { family, convention, entry: aws, kind: 'detail', input: (id) => ({ _id: id }) };
  const detail = entries.find(({ endpoint }) => endpoint.sim.action === 'get');
  if (detail && detail.endpoint.sim.action === 'get') {
    const field = detail.endpoint.sim.id;
    return { family, convention, entry: detail, kind: 'detail', input: (id) => ({ [field]: id }) };
  }
  const list = entries.find(({ endpoint }) => endpoint.sim.action === 'list' && !('only' in endpoint.sim && endpoint.sim.only));
  if (list && list.endpoint.sim.action === 'list') {
    const paging = list.endpoint.sim.paging;
    const first =
      paging === 'pageNum' ? { pageNum: 1, pageSize: 100 } : paging === 'page' ? { page: 1, page_size: 100 } : paging === 'current' ? { current: 1, pageSize: 100 } : {};
    return { family, convention, entry: list, kind: 'list', input: () => first };
  }
  throw new Error(`The catalogue has no call that reads a ${family} task.`);
}

/** The records of a list reply in either shape A2E uses: `{ rows, count }` or a plain array. */
export function listRows(data: unknown): unknown[] {
  if (Array.isArray(data)) return data;
  if (data && typeof data === 'object') {
    for (const key of ['rows', 'list', 'records', 'data']) {
      const rows = (data as Record<string, unknown>)[key];
      if (Array.isArray(rows)) return rows;
    }
  }
  return [];
}

/**
 * The record a reader's reply holds for `id`: a detail call's object (or the one record of its
 * array, as awsResult answers), or the row of a list with that `_id`.
 */
export function recordIn(data: unknown, id: string, kind: TaskReader['kind']): Record<string, unknown> | undefined {
  if (kind === 'detail' && isRecord(data) && !hasRows(data)) return data;
  const rows = listRows(data);
  if (kind === 'detail' && rows.length === 1 && isRecord(rows[0]) && rows[0]._id === undefined) return rows[0];
  return rows.find((row): row is Record<string, unknown> => isRecord(row) && String(row._id) === id);
}

function hasRows(data: object): boolean {
  return ['rows', 'list', 'records'].some((key) => Array.isArray((data as Record<string, unknown>)[key]));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
