import type { Utterance } from '../../protocol/room-messages';

export interface UtteranceScheduleEvents {
  /** The avatar starts saying this utterance. */
  started(utterance: Utterance): void;
  /** Speaking began or stopped (back-to-back utterances count as one stretch of speech). */
  speaking(speaking: boolean): void;
}

export interface ActiveUtterance {
  utterance: Utterance;
  /** Milliseconds since it started. */
  elapsedMs: number;
  /** Milliseconds until it ends. */
  remainingMs: number;
}

/** Gaps shorter than this between utterances do not end the speaking state. */
const JOIN_GAP_MS = 150;

/**
 * What the simulated avatar is saying when. The room sends utterances with start and end times
 * on its own clock; this keeps them (once each, since a rejoin resends what is still pending),
 * maps them to the local clock with the offset learned from `joined.serverTime`, and reports
 * starts and speaking changes at the right moments with one timer.
 */
export class UtteranceSchedule {
  private utterances: Utterance[] = [];
  private readonly started = new Set<string>();
  private offsetMs = 0;
  private speaking = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;

  constructor(
    private readonly events: UtteranceScheduleEvents,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** The room's clock read `serverTime` just now: remember the difference to ours. */
  syncClock(serverTime: number): void {
    this.offsetMs = serverTime - this.now();
    this.update();
  }

  add(utterance: Utterance): void {
    if (this.stopped || this.started.has(utterance.id) || this.utterances.some((u) => u.id === utterance.id)) return;
    if (utterance.endAt <= utterance.startAt) return;
    this.utterances.push(utterance);
    this.utterances.sort((a, b) => a.startAt - b.startAt);
    this.update();
  }

  /** The room cut `id` short (or dropped it from the queue). */
  interrupt(id: string): void {
    const before = this.utterances.length;
    this.utterances = this.utterances.filter((u) => u.id !== id);
    if (this.utterances.length !== before) this.update();
  }

  /** The utterance playing at local time `at`, if any. */
  activeAt(at: number = this.now()): ActiveUtterance | undefined {
    const roomTime = at + this.offsetMs;
    const utterance = this.utterances.find((u) => u.startAt <= roomTime && roomTime < u.endAt);
    if (!utterance) return undefined;
    return { utterance, elapsedMs: roomTime - utterance.startAt, remainingMs: utterance.endAt - roomTime };
  }

  /** Forgets everything and goes quiet; reports the end of speech if it was speaking. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.utterances = [];
    if (this.speaking) {
      this.speaking = false;
      this.events.speaking(false);
    }
  }

  private update(): void {
    clearTimeout(this.timer);
    if (this.stopped) return;
    const roomTime = this.now() + this.offsetMs;
    // A page too busy (or frozen) to run the timer through a whole utterance still shows what was said.
    for (const missed of this.utterances.filter((u) => u.endAt <= roomTime && !this.started.has(u.id))) {
      this.started.add(missed.id);
      this.events.started(missed);
    }
    this.utterances = this.utterances.filter((u) => u.endAt > roomTime);
    const active = this.utterances.find((u) => u.startAt <= roomTime);
    const next = this.utterances.find((u) => u.startAt > roomTime);
    if (active && !this.started.has(active.id)) {
      this.started.add(active.id);
      this.setSpeaking(true);
      this.events.started(active);
    }
    const speakingNow = active !== undefined || (next !== undefined && this.speaking && next.startAt - roomTime < JOIN_GAP_MS);
    this.setSpeaking(speakingNow);
    const boundary = Math.min(active?.endAt ?? Infinity, next?.startAt ?? Infinity);
    if (boundary !== Infinity) this.timer = setTimeout(() => this.update(), Math.max(0, boundary - roomTime));
  }

  private setSpeaking(speaking: boolean): void {
    if (speaking === this.speaking) return;
    this.speaking = speaking;
    this.events.speaking(speaking);
  }
}
