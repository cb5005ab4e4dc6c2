import { z } from 'zod';

/**
 * Schemas for the hand-written section (streaming.ts, which A2E's reference does not cover). The
 * rest of the catalogue takes its schemas from the reference snapshot (reference-catalogue.ts).
 */

/** A2E ids are 24-hex-character strings. */
export const objectId = z.string().regex(/^[0-9a-f]{24}$/i, 'an id is 24 hex characters');
export const byId = z.object({ _id: objectId });
export const noInput = z.object({});
export const isoDate = z.string().describe('ISO 8601 date');

/** Paging of list endpoints: 1-based page number and page size (the public clients' names). */
export const paging = z.object({
  pageNum: z.coerce.number().int().min(1).optional().describe('1-based page number, default 1'),
  pageSize: z.coerce.number().int().min(1).max(100).optional().describe('records per page, default 10'),
});

export function page<T extends z.ZodType>(record: T) {
  return z.object({
    list: z.array(record),
    total: z.number().int(),
    pageNum: z.number().int(),
    pageSize: z.number().int(),
  });
}

export const taskStatus = z.enum(['initialized', 'sent', 'processing', 'completed', 'failed']);
export type TaskStatus = z.infer<typeof taskStatus>;

/** What every asynchronous task record carries; each section adds its own fields. */
export const taskRecord = z.looseObject({
  _id: objectId,
  current_status: taskStatus,
  /** Some A2E task kinds name it `status`; the simulator sets both. */
  status: taskStatus.optional(),
  /** 0-100 while processing, where the upstream tells. */
  progress: z.number().optional(),
  result_url: z.string().optional(),
  failed_code: z.number().optional(),
  failed_message: z.string().optional(),
  createdAt: isoDate,
  updatedAt: isoDate,
});

export function task<T extends z.ZodRawShape>(fields: T) {
  return taskRecord.extend(fields);
}

/** Reply of deletes and of calls that only acknowledge. */
export const ack = z.unknown().describe('no meaningful data');

export const deleted = z.looseObject({ _id: objectId, deleted: z.literal(true) });
