import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Utterance } from '../../protocol/room-messages';
import { UtteranceSchedule } from './utterance-schedule';

function schedule() {
  const seen = { started: [] as string[], speaking: [] as boolean[] };
  const s = new UtteranceSchedule({
    started: (u) => seen.started.push(u.text),
    speaking: (speaking) => seen.speaking.push(speaking),
  });
  return { s, seen };
}

function utterance(id: string, text: string, fromNowMs: number, durationMs: number, clock = Date.now()): Utterance {
  return { id, kind: 'speak', text, startAt: clock + fromNowMs, endAt: clock + fromNowMs + durationMs };
}

const made: UtteranceSchedule[] = [];
afterEach(() => made.splice(0).forEach((s) => s.stop()));

describe('UtteranceSchedule', () => {
  it('starts an utterance at its start time and stops speaking at its end', async () => {
    const { s, seen } = schedule();
    made.push(s);
    s.add(utterance('u1', 'Hello there', 40, 400));
    expect(seen.started).toEqual([]);
    expect(s.activeAt()).toBeUndefined();
    await vi.waitFor(() => expect(seen.started).toEqual(['Hello there']));
    expect(seen.speaking).toEqual([true]);
    expect(s.activeAt()?.utterance.id).toBe('u1');
    await vi.waitFor(() => expect(seen.speaking).toEqual([true, false]));
    expect(s.activeAt()).toBeUndefined();
  });

  it('plays each utterance once, even when a rejoin sends it again', async () => {
    const { s, seen } = schedule();
    made.push(s);
    const u = utterance('u1', 'Once only', 0, 300);
    s.add(u);
    s.add(u);
    await vi.waitFor(() => expect(seen.speaking).toEqual([true, false]));
    s.add(u);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(seen.started).toEqual(['Once only']);
  });

  it('keeps speaking across back-to-back utterances, announcing each', async () => {
    const { s, seen } = schedule();
    made.push(s);
    const now = Date.now();
    s.add(utterance('u1', 'First part.', 0, 300, now));
    s.add(utterance('u2', 'Second part.', 300, 300, now));
    await vi.waitFor(() => expect(seen.started).toEqual(['First part.', 'Second part.']));
    await vi.waitFor(() => expect(seen.speaking).toEqual([true, false]));
  });

  it('stops speaking when the current utterance is interrupted', async () => {
    const { s, seen } = schedule();
    made.push(s);
    s.add(utterance('u1', 'A long story', 0, 10_000));
    await vi.waitFor(() => expect(seen.speaking).toEqual([true]));
    s.interrupt('u1');
    expect(seen.speaking).toEqual([true, false]);
    expect(s.activeAt()).toBeUndefined();
  });

  it("maps the room's clock to ours with the offset from joined.serverTime", async () => {
    const { s, seen } = schedule();
    made.push(s);
    // The room's clock runs ten seconds ahead of this page's.
    const roomNow = Date.now() + 10_000;
    s.syncClock(roomNow);
    s.add(utterance('u1', 'On time', 30, 5_000, roomNow));
    await vi.waitFor(() => expect(seen.started).toEqual(['On time']), { timeout: 1_000 });
  });

  it('still announces an utterance whose whole span the page missed', async () => {
    const { s, seen } = schedule();
    made.push(s);
    s.add(utterance('u1', 'Said while the tab slept', 10, 20));
    // Block the page past the utterance's end, as a frozen or busy tab would.
    const until = Date.now() + 60;
    while (Date.now() < until) {
      // busy
    }
    await vi.waitFor(() => expect(seen.started).toEqual(['Said while the tab slept']));
    expect(seen.speaking).toEqual([]);
  });

  it('goes quiet for good on stop()', async () => {
    const { s, seen } = schedule();
    s.add(utterance('u1', 'Cut', 0, 10_000));
    await vi.waitFor(() => expect(seen.speaking).toEqual([true]));
    s.stop();
    s.add(utterance('u2', 'Ignored', 0, 100));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(seen.speaking).toEqual([true, false]);
    expect(seen.started).toEqual(['Cut']);
  });
});
