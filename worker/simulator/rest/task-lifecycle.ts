import { isTaskResource, type TaskStatus } from '../../../protocol/a2e-catalogue/index';
import type { StoredRecord } from './task-store';

/**
 * How a simulated task moves: by time since it was created (or restarted), so no timer has to
 * run. initialized, then sent, then processing (progress rising), then completed with a result
 * URL; a task whose name or title contains "fail" ends failed instead.
 */
export const STAGE_MS = 750;
const SENT_AT = STAGE_MS;
const PROCESSING_AT = 2 * STAGE_MS;
const DONE_AT = 4 * STAGE_MS;

/** A2E's failed_code for the simulator's deliberate failures. */
export const SIM_FAILED_CODE = 1003;

/** Result files live nowhere: `.invalid` says so, and nothing resolves it by accident. */
export const RESULT_ORIGIN = 'https://sim.a2e.invalid';

export function taskStatusAt(elapsedMs: number): TaskStatus | 'ended' {
  if (elapsedMs < SENT_AT) return 'initialized';
  if (elapsedMs < PROCESSING_AT) return 'sent';
  if (elapsedMs < DONE_AT) return 'processing';
  return 'ended';
}

/** The record as A2E would send it at `now`. */
export function presentRecord(record: StoredRecord, now: number): Record<string, unknown> {
  const base = {
    ...record.fields,
    _id: record._id,
    createdAt: new Date(record.createdAtMs).toISOString(),
    updatedAt: new Date(Math.max(record.updatedAtMs, Math.min(now, record.createdAtMs + DONE_AT))).toISOString(),
  };
  if (!isTaskResource(record.resource)) return base;
  const elapsed = now - record.createdAtMs;
  const stage = taskStatusAt(elapsed);
  const label = String(record.fields.name ?? record.fields.title ?? '');
  const status: TaskStatus = stage !== 'ended' ? stage : /fail/i.test(label) ? 'failed' : 'completed';
  const presented: Record<string, unknown> = { ...base, current_status: status, status };
  if (status === 'processing') presented.progress = Math.min(99, Math.round(((elapsed - PROCESSING_AT) / (DONE_AT - PROCESSING_AT)) * 100));
  if (status === 'completed') Object.assign(presented, { progress: 100, ...results(record) });
  if (status === 'failed') {
    Object.assign(presented, { failed_code: SIM_FAILED_CODE, failed_message: 'Simulated failure: the name asked for it.' });
  }
  return presented;
}

export function isProcessing(presented: Record<string, unknown>): boolean {
  return ['initialized', 'sent', 'processing'].includes(String(presented.current_status));
}

function results(record: StoredRecord): Record<string, unknown> {
  const url = (ext: string) => `${RESULT_ORIGIN}/results/${record.resource}/${record._id}.${ext}`;
  switch (record.resource) {
    case 'voiceClone':
      return { result_url: url('mp3'), user_voice_id: record._id };
    case 'avatarTraining':
      return { result_url: url('mp4'), preview_result_url: url('preview.mp4'), task_status: 'completed' };
    default:
      return { result_url: url('mp4') };
  }
}
