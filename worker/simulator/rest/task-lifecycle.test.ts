import { describe, expect, it } from 'vitest';
import { presentRecord, SIM_FAILED_CODE, STAGE_MS, taskStatusAt } from './task-lifecycle';
import type { StoredRecord } from './task-store';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const record = (resource: StoredRecord['resource'], fields: StoredRecord['fields']): StoredRecord => ({
  _id: '0123456789abcdef01234567',
  resource,
  createdAtMs: T0,
  updatedAtMs: T0,
  fields,
});

describe('simulated task lifecycle', () => {
  it('moves initialized, sent, processing, then ends', () => {
    expect(taskStatusAt(0)).toBe('initialized');
    expect(taskStatusAt(STAGE_MS)).toBe('sent');
    expect(taskStatusAt(2 * STAGE_MS)).toBe('processing');
    expect(taskStatusAt(4 * STAGE_MS)).toBe('ended');
  });

  it('reports rising progress while processing and a result URL once completed', () => {
    const video = record('video', { title: 'Welcome' });
    const early = presentRecord(video, T0 + 2 * STAGE_MS);
    const later = presentRecord(video, T0 + 3.5 * STAGE_MS);
    expect(early.current_status).toBe('processing');
    expect(Number(later.progress)).toBeGreaterThan(Number(early.progress));
    expect(early.result_url).toBeUndefined();
    const done = presentRecord(video, T0 + 10 * STAGE_MS);
    expect(done).toMatchObject({ current_status: 'completed', status: 'completed', progress: 100, title: 'Welcome' });
    expect(done.result_url).toBe('https://sim.a2e.invalid/results/video/0123456789abcdef01234567.mp4');
  });

  it('fails a task whose name or title asks for it, with A2E failure fields', () => {
    const failed = presentRecord(record('dubbing', { name: 'Please FAIL this' }), T0 + 10 * STAGE_MS);
    expect(failed).toMatchObject({ current_status: 'failed', failed_code: SIM_FAILED_CODE });
    expect(failed.failed_message).toMatch(/\S/);
    expect(failed.result_url).toBeUndefined();
  });

  it('gives a trained voice its user_voice_id and a trained avatar its preview', () => {
    expect(presentRecord(record('voiceClone', { name: 'v' }), T0 + 10 * STAGE_MS).user_voice_id).toBe('0123456789abcdef01234567');
    expect(presentRecord(record('avatarTraining', { name: 'a' }), T0 + 10 * STAGE_MS).preview_result_url).toMatch(/preview\.mp4$/);
  });

  it('leaves records that are not tasks without a state', () => {
    const token = presentRecord(record('apiToken', { name: 't', token: 'x' }), T0 + 10 * STAGE_MS);
    expect(token.current_status).toBeUndefined();
    expect(token.createdAt).toBe('2026-01-01T00:00:00.000Z');
  });
});
