import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff';
import { SessionStateMachine, type StateChange } from './session-state';
import { TranscriptDedupe } from './transcript-dedupe';

describe('SessionStateMachine', () => {
  it('follows a whole conversation and reports each change with its reason', () => {
    const changes: StateChange[] = [];
    const machine = new SessionStateMachine((change) => changes.push(change));
    for (const [to, reason] of [['connecting'], ['connected'], ['speaking'], ['reconnecting', 'network'], ['connected'], ['disconnected', 'idle']] as const) {
      expect(machine.to(to, reason)).toBe(true);
    }
    expect(changes.map((c) => [c.previous, c.state, c.reason])).toEqual([
      ['idle', 'connecting', undefined],
      ['connecting', 'connected', undefined],
      ['connected', 'speaking', undefined],
      ['speaking', 'reconnecting', 'network'],
      ['reconnecting', 'connected', undefined],
      ['connected', 'disconnected', 'idle'],
    ]);
    expect(machine.reason).toBe('idle');
  });

  it('ignores moves that do not exist, such as speaking after an end', () => {
    const changes: StateChange[] = [];
    const machine = new SessionStateMachine((change) => changes.push(change));
    expect(machine.to('connected')).toBe(false);
    machine.to('connecting');
    machine.to('error', 'upstream');
    expect(machine.to('speaking')).toBe(false);
    expect(machine.to('connected')).toBe(false);
    expect(machine.state).toBe('error');
    expect(machine.to('connecting')).toBe(true);
    expect(changes).toHaveLength(3);
  });
});

describe('backoffDelay', () => {
  it('grows exponentially up to the cap', () => {
    const policy = { attempts: 5, baseMs: 1000, maxMs: 8000 };
    expect([0, 1, 2, 3, 4].map((n) => backoffDelay(policy, n, () => 1))).toEqual([1000, 2000, 4000, 8000, 8000]);
    expect(backoffDelay(policy, 2, () => 0)).toBe(2000);
  });
});

describe('TranscriptDedupe', () => {
  it('lets each line through once across both sources, but a repeated line from one source twice', () => {
    let now = 0;
    const dedupe = new TranscriptDedupe(1000, () => now);
    expect(dedupe.offer('reply', 'Hello')).toBe(true);
    expect(dedupe.offer('transport', 'Hello ')).toBe(false);
    expect(dedupe.offer('reply', 'Hello')).toBe(true);
    now = 5000; // the transport never told it: the pending line expired
    expect(dedupe.offer('transport', 'Hello')).toBe(true);
  });
});
