import { taskConvention, type FamilyName, type TaskConvention } from '../../../protocol/a2e-catalogue/index';
import type { StoredRecord } from './task-store';

/**
 * How a simulated task moves: by time since it started, so no timer has to run. It walks its
 * family's states (task-families.ts: `initialized`, `sent`, `pending`, `processing` for most;
 * voice training's `sent`, `pendding`, ...; avatar videos' `init` ... `copy`) in about three
 * seconds, then ends done with result URLs, or failed where one of its text fields (name,
 * title, prompt, a URL, ...) says `fail`. Two more test switches, the same way: `queued` keeps it
 * in its first state (so it can be deleted with a refund) and `stuck` in its last running state
 * (so a delete is refused).
 */
export const RUN_MS = 3000;

/** Result files live nowhere: `.invalid` says so, and nothing resolves it by accident. */
export const RESULT_ORIGIN = 'https://sim.a2e.invalid';

export const SIM_FAILED_CODE = 'simulated_failure';

export type Stage = { state: string; ended: false; index: number } | { state: string; ended: true; index: number };

/** The state of a task `elapsedMs` after it started. */
export function stageAt(convention: TaskConvention, elapsedMs: number, label: string): Stage {
  const { states } = convention;
  if (/queued/i.test(label)) return { state: states[0]!, ended: false, index: 0 };
  const index = Math.floor(Math.max(0, elapsedMs) / (RUN_MS / states.length));
  if (/stuck/i.test(label)) return { state: states.at(-1)!, ended: false, index: states.length - 1 };
  if (index < states.length) return { state: states[index]!, ended: false, index };
  return { state: /fail/i.test(label) ? convention.failed : convention.done, ended: true, index: states.length };
}

/** The task's text fields, where the test switches are read (a family may have no name, but all have a URL or a prompt). */
export function labelOf(fields: StoredRecord['fields']): string {
  const { webhook_url: _url, webhook_token: _token, ...rest } = fields;
  return Object.values(rest).filter((v) => typeof v === 'string').join(' ');
}

/** The record as A2E would send it at `now`. */
export function presentRecord(record: StoredRecord, now: number): Record<string, unknown> {
  const { webhook_token: _secret, ...fields } = record.fields;
  const base: Record<string, unknown> = {
    ...fields,
    _id: record._id,
    createdAt: new Date(record.createdAtMs).toISOString(),
    updatedAt: new Date(Math.max(record.updatedAtMs, Math.min(now, record.startedAtMs + RUN_MS))).toISOString(),
  };
  const convention = taskConvention(record.family as FamilyName);
  if (!convention) return base;
  const stage = stageAt(convention, now - record.startedAtMs, labelOf(record.fields));
  base[convention.statusField] = stage.state;
  if (record.family === 'avatarVideo') base.process = stage.ended ? 100 : Math.round((stage.index / convention.states.length) * 100);
  if (stage.ended && stage.state === convention.done) Object.assign(base, results(record, convention));
  if (stage.ended && stage.state === convention.failed) {
    base[convention.failedCodeField] = SIM_FAILED_CODE;
    base[convention.failedMessageField] = 'Simulated failure: the task name asked for it.';
  }
  return base;
}

/** True while a task is between its start and its end (what A2E refuses to delete). */
export function inProgress(record: StoredRecord, now: number): boolean {
  const convention = taskConvention(record.family as FamilyName);
  if (!convention) return false;
  const stage = stageAt(convention, now - record.startedAtMs, labelOf(record.fields));
  return !stage.ended && stage.index > 0;
}

/** True before the task left its first state: deleting it refunds it. */
export function notStarted(record: StoredRecord, now: number): boolean {
  const convention = taskConvention(record.family as FamilyName);
  if (!convention) return false;
  return stageAt(convention, now - record.startedAtMs, labelOf(record.fields)).index === 0;
}

export function hasEnded(record: StoredRecord, now: number): { ended: boolean; failed: boolean } {
  const convention = taskConvention(record.family as FamilyName);
  if (!convention) return { ended: false, failed: false };
  const stage = stageAt(convention, now - record.startedAtMs, labelOf(record.fields));
  return { ended: stage.ended, failed: stage.ended && stage.state === convention.failed };
}

function results(record: StoredRecord, convention: TaskConvention): Record<string, unknown> {
  const url = (n: number | null, ext: string) => `${RESULT_ORIGIN}/results/${record.family}/${record._id}${n === null ? '' : `-${n}`}.${ext}`;
  switch (convention.media) {
    case 'video':
      return { [convention.resultField]: url(null, 'mp4') };
    case 'image':
      return { [convention.resultField]: url(null, 'png') };
    case 'audio':
      return { [convention.resultField]: url(null, 'mp3') };
    case 'images': {
      const f = record.fields;
      const count = Number(f.total_count ?? f.number_of_images ?? f.max_images ?? f.n ?? 1) || 1;
      return { [convention.resultField]: Array.from({ length: Math.min(count, 16) }, (_, i) => url(i + 1, 'png')) };
    }
    case 'none':
      return { [convention.resultField]: `sim-voice-${record._id}` };
  }
}
