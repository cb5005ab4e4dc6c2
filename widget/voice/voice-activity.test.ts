import { describe, expect, it } from 'vitest';
import { FRAME_MS, LISTENING, OVER_THE_AVATAR, VoiceActivity, type ActivityEvent } from './voice-activity';

const ROOM = 0.002;
/** Levels for `ms` of one steady sound. */
const span = (ms: number, level: number) => Array<number>(ms / FRAME_MS).fill(level);
/** Speech-like: syllables of 140 ms with quiet 60 ms gaps between them. */
const talk = (ms: number, level = 0.2) => Array.from({ length: ms / FRAME_MS }, (_, i) => (i % 10 < 7 ? level : ROOM));

/** The events, each with the time (ms from the first frame) of the frame that reported it. */
function run(levels: number[], activity = new VoiceActivity()): [ActivityEvent, number][] {
  const events: [ActivityEvent, number][] = [];
  levels.forEach((level, i) => {
    const event = activity.push(level);
    if (event) events.push([event, (i + 1) * FRAME_MS]);
  });
  return events;
}

describe('voice-activity detection', () => {
  it('finds a turn’s start soon after the voice begins and its end after the closing pause', () => {
    const levels = [...span(1000, ROOM), ...talk(2000), ...span(2000, ROOM)];
    const lastVoiced = (levels.findLastIndex((level) => level > ROOM) + 1) * FRAME_MS;
    const events = run(levels);
    expect(events.map(([event]) => event)).toEqual(['start', 'end']);
    const [[, start], [, end]] = events as [[ActivityEvent, number], [ActivityEvent, number]];
    // Within its first syllables (which the recorder's pre-roll then covers)...
    expect(start).toBeGreaterThan(1000);
    expect(start).toBeLessThanOrEqual(1000 + 2 * LISTENING.startMs);
    // ...and at the end of the closing pause, not at a gap between syllables.
    expect(end).toBe(lastVoiced + LISTENING.endMs);
  });

  it('keeps one turn across the pauses between words, and ends it at a real one', () => {
    const words = [...talk(600), ...span(300, ROOM), ...talk(600), ...span(400, ROOM), ...talk(600)];
    expect(run([...span(500, ROOM), ...words, ...span(1500, ROOM)]).map(([event]) => event)).toEqual(['start', 'end']);
  });

  it('takes no click or cough for a turn', () => {
    const clicks = [...span(500, ROOM), ...span(60, 0.5), ...span(500, ROOM), ...span(80, 0.4), ...span(1000, ROOM)];
    expect(run(clicks)).toEqual([]);
  });

  it('is not fooled by a steady noise: the floor rises to it within seconds', () => {
    // A fan comes on: the first seconds may read as a turn, then it is the room.
    const events = run([...span(500, ROOM), ...span(12_000, 0.05)]);
    expect(events.filter(([event]) => event === 'start').length).toBeLessThanOrEqual(1);
    const later = new VoiceActivity();
    run([...span(500, ROOM), ...span(8000, 0.05)], later);
    expect(run(talk(2000, 0.4), later)[0]?.[0]).toBe('start');
  });

  it('ends a turn that never pauses at the longest turn', () => {
    const events = run([...span(200, ROOM), ...span(LISTENING.maxTurnMs + 1000, 0.3)]);
    expect(events.map(([event]) => event).slice(0, 2)).toEqual(['start', 'end']);
  });

  it('over the avatar, needs a louder and longer voice (barge-in)', () => {
    const activity = new VoiceActivity(OVER_THE_AVATAR);
    // The avatar's voice, left over by echo cancellation, does not start a turn...
    expect(run([...span(500, ROOM), ...talk(3000, 0.02)], activity)).toEqual([]);
    // ...the visitor's own voice does.
    expect(run(talk(1000, 0.3), activity)[0]?.[0]).toBe('start');
  });
});
