import { openMic, type CaptureDeps, type MicCapture } from './mic-capture';
import { TurnRecorder } from './turn-recorder';
import { LISTENING, VoiceActivity, type ActivityEvent, type ActivityTuning } from './voice-activity';

/**
 * The open microphone seen as turns: its level goes to the meter and the voice-activity detector,
 * whose starts and ends a caller awaits; a turn is recorded from the delayed stream (pre-roll).
 */
export class MicTurns {
  readonly #activity = new VoiceActivity(LISTENING);
  #capture: MicCapture | undefined;
  #waiter: ((event: ActivityEvent) => void) | undefined;

  private constructor(private readonly onLevel: (level: number) => void) {}

  static async open(onLevel: (level: number) => void, deps?: CaptureDeps): Promise<MicTurns> {
    const turns = new MicTurns(onLevel);
    turns.#capture = await openMic((level) => turns.#level(level), deps);
    return turns;
  }

  /** Whether the detector is inside a turn (started, not ended). */
  get inTurn(): boolean {
    return this.#activity.inTurn;
  }

  /** Sets the detector's bar; `fresh` also forgets a turn under way. */
  tune(tuning: ActivityTuning, fresh = false): void {
    this.#activity.retune(tuning);
    if (fresh) this.#activity.reset();
  }

  /**
   * Resolves true when the detector next reports `event`, false after `timeoutMs` without it;
   * rejects when `signal` aborts.
   */
  until(event: ActivityEvent, signal: AbortSignal, timeoutMs?: number): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      const done = (result: boolean | Error) => {
        this.#waiter = undefined;
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        if (result instanceof Error) reject(result);
        else resolve(result);
      };
      const onAbort = () => done(new DOMException('stopped', 'AbortError'));
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      const timer = timeoutMs === undefined ? undefined : setTimeout(() => done(false), timeoutMs);
      this.#waiter = (seen) => seen === event && done(true);
    });
  }

  /** Starts recording a turn now (with the pre-roll before it). */
  record(): TurnRecorder {
    return new TurnRecorder(this.#capture!.recordable);
  }

  close(): void {
    this.#waiter = undefined;
    this.#capture?.close();
    this.#capture = undefined;
  }

  #level(level: number): void {
    this.onLevel(level);
    const event = this.#activity.push(level);
    if (event) this.#waiter?.(event);
  }
}
