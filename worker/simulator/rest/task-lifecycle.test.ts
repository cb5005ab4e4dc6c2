import { describe, expect, it } from 'vitest';
import { TASK_FAMILIES, taskConvention } from '../../../protocol/a2e-catalogue/index';
import { presentRecord, RUN_MS, SIM_FAILED_CODE } from './task-lifecycle';
import type { StoredRecord } from './task-store';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const record = (family: string, fields: StoredRecord['fields']): StoredRecord => ({
  _id: '0123456789abcdef01234567',
  family,
  createdAtMs: T0,
  startedAtMs: T0,
  updatedAtMs: T0,
  fields,
});

/** The states a task shows when read every 50 ms from its start until well after its end. */
function walk(family: string, name: string): unknown[] {
  const field = taskConvention(family)!.statusField;
  const seen: unknown[] = [];
  for (let t = 0; t <= RUN_MS * 2; t += 50) {
    const state = presentRecord(record(family, { name }), T0 + t)[field];
    if (seen.at(-1) !== state) seen.push(state);
  }
  return seen;
}

describe('each task family moves through its own states', () => {
  it.each(TASK_FAMILIES)('%s: its states in order, then done with a result, or failed', (family) => {
    const convention = taskConvention(family)!;
    expect(walk(family, 'ok')).toEqual([...convention.states, convention.done]);
    expect(walk(family, 'please fail')).toEqual([...convention.states, convention.failed]);
    const done = presentRecord(record(family, { name: 'ok' }), T0 + RUN_MS);
    expect(done[convention.resultField], family).toBeDefined();
    expect(presentRecord(record(family, { name: 'ok' }), T0)[convention.resultField]).toBeUndefined();
    const failed = presentRecord(record(family, { name: 'fail' }), T0 + RUN_MS);
    expect(failed[convention.failedCodeField]).toBe(SIM_FAILED_CODE);
    expect(failed[convention.failedMessageField]).toMatch(/\S/);
    expect(failed[convention.resultField]).toBeUndefined();
  });

  it('uses A2E\'s spellings: voice training\'s pendding, avatar videos\' status and success, face swap\'s faild_message', () => {
    expect(walk('voiceClone', 'v')).toEqual(['sent', 'pendding', 'processing', 'completed']);
    expect(walk('avatarVideo', 'v')).toEqual(['init', 'start', 'pending', 'process', 'copy', 'success']);
    expect(walk('avatarVideo', 'fail')).toContain('fail');
    expect(walk('headSwap', 'h')).toEqual(['initialized', 'sent', 'processing', 'completed']);
    expect(walk('videoTwin', 't')).toEqual(['pending', 'processing', 'completed']);
    expect(presentRecord(record('faceSwap', { name: 'fail' }), T0 + RUN_MS)).toMatchObject({ current_status: 'failed', error_code: SIM_FAILED_CODE, faild_message: expect.any(String) });
  });

  it('ends with result URLs of the right kind', () => {
    const at = T0 + RUN_MS;
    expect(presentRecord(record('talkingPhoto', { name: 'p' }), at).result_url).toBe('https://sim.a2e.invalid/results/talkingPhoto/0123456789abcdef01234567.mp4');
    expect(presentRecord(record('productAvatar', { name: 'p' }), at).result_image_url).toMatch(/\.png$/);
    expect(presentRecord(record('photobook', { name: 'p', total_count: 4 }), at).image_urls).toHaveLength(4);
    expect(presentRecord(record('avatarVideo', { title: 'v' }), at)).toMatchObject({ status: 'success', process: 100, result: expect.stringMatching(/\.mp4$/) });
  });

  it('holds a queued task in its first state and a stuck one in its last running state', () => {
    const late = T0 + RUN_MS * 10;
    expect(presentRecord(record('dubbing', { name: 'queued' }), late).current_status).toBe('initialized');
    expect(presentRecord(record('dubbing', { name: 'stuck' }), late).current_status).toBe('processing');
    expect(presentRecord(record('dubbing', { source_url: 'https://f/queued.mp4' }), late).current_status).toBe('initialized');
  });

  it('never shows the webhook token, and leaves plain records without a state', () => {
    const hooked = presentRecord(record('upscale', { name: 'u', webhook_url: 'https://h', webhook_token: 'secret' }), T0);
    expect(hooked).not.toHaveProperty('webhook_token');
    const face = presentRecord(record('faceImage', { face_url: 'https://f' }), T0 + RUN_MS);
    expect(face.current_status).toBeUndefined();
    expect(face.createdAt).toBe('2026-01-01T00:00:00.000Z');
  });
});
