/**
 * Voice-activity detection on the microphone's level: where a turn of speech starts and where it
 * ends. It sees one RMS level (0..1) per frame of FRAME_MS, in order, and knows nothing of clocks,
 * so it decides the same way on any machine and in tests.
 *
 * A frame is voiced when its level stands clearly above the noise floor: the quietest level of the
 * last few seconds (minimum statistics). Speech always has dips between syllables and words, so
 * talking does not raise the floor, while a fan that starts is part of it within seconds. A turn
 * starts once `startMs` of voiced frames have come with no gap longer than MAX_GAP_MS between
 * them (syllables, not a click or a cough), and ends after `endMs` of unvoiced ones: the pause
 * that tells a visitor has finished, longer than the gaps between words.
 */
export const FRAME_MS = 20;
/** The longest quiet between the voiced frames that add up to a turn's start (a gap between syllables). */
export const MAX_GAP_MS = 100;

export interface ActivityTuning {
  /** Voiced frames needed (gaps of up to MAX_GAP_MS between them allowed) before a turn starts. */
  startMs: number;
  /** Silence after the last voiced frame that ends the turn. */
  endMs: number;
  /** A frame is voiced above floor x this (about +10 dB for 3)... */
  floorRatio: number;
  /** ...and above this level in any case (about -40 dBFS), so digital silence has a bar too. */
  minLevel: number;
  /** A turn this long ends anyway (the visitor left the microphone open in a noisy room). */
  maxTurnMs: number;
}

/** While the visitor talks to a listening avatar. */
export const LISTENING: ActivityTuning = { startMs: 120, endMs: 800, floorRatio: 3, minLevel: 0.01, maxTurnMs: 30_000 };
/**
 * While the avatar talks (barge-in): echo cancellation leaves some of its voice, so only a
 * clearly louder and longer voice counts as the visitor speaking over it.
 */
export const OVER_THE_AVATAR: ActivityTuning = { ...LISTENING, startMs: 300, floorRatio: 6, minLevel: 0.03 };

export type ActivityEvent = 'start' | 'end';

/** The floor is the minimum over FLOOR_BUCKETS buckets of BUCKET_FRAMES frames (5 s). */
const BUCKET_FRAMES = 1000 / FRAME_MS;
const FLOOR_BUCKETS = 5;

export class VoiceActivity {
  /** Minimum level of each recent bucket; the last one is filling. */
  readonly #minima: number[] = [];
  #bucketFrames = 0;
  #voicedRun = 0;
  #gap = 0;
  #silentRun = 0;
  #inTurn = false;
  #turnMs = 0;

  constructor(private tuning: ActivityTuning = LISTENING) {}

  /** Whether a turn is under way (started, not yet ended). */
  get inTurn(): boolean {
    return this.#inTurn;
  }

  /** Changes the bar (the avatar starts or stops talking) without forgetting the room's noise. */
  retune(tuning: ActivityTuning): void {
    this.tuning = tuning;
    this.#voicedRun = this.#gap = 0;
  }

  /** Forgets the turn under way (not the noise floor): the next voiced run starts a new one. */
  reset(): void {
    this.#inTurn = false;
    this.#voicedRun = this.#gap = this.#silentRun = this.#turnMs = 0;
  }

  /** One frame's level; returns 'start' or 'end' on the frame where a turn starts or ends. */
  push(level: number): ActivityEvent | undefined {
    const { tuning } = this;
    const floor = this.#follow(level);
    const voiced = level > Math.max(floor * tuning.floorRatio, tuning.minLevel);
    if (!this.#inTurn) {
      this.#gap = voiced ? 0 : this.#gap + FRAME_MS;
      if (voiced) this.#voicedRun += FRAME_MS;
      else if (this.#gap > MAX_GAP_MS) this.#voicedRun = 0;
      if (this.#voicedRun < tuning.startMs) return undefined;
      this.#inTurn = true;
      this.#silentRun = 0;
      this.#turnMs = this.#voicedRun;
      return 'start';
    }
    this.#turnMs += FRAME_MS;
    this.#silentRun = voiced ? 0 : this.#silentRun + FRAME_MS;
    if (this.#silentRun < tuning.endMs && this.#turnMs < tuning.maxTurnMs) return undefined;
    this.reset();
    return 'end';
  }

  /** The noise floor: the lowest level of the last FLOOR_BUCKETS seconds, this frame included. */
  #follow(level: number): number {
    if (this.#minima.length === 0 || this.#bucketFrames === BUCKET_FRAMES) {
      this.#minima.push(level);
      if (this.#minima.length > FLOOR_BUCKETS) this.#minima.shift();
      this.#bucketFrames = 0;
    }
    this.#bucketFrames++;
    const last = this.#minima.length - 1;
    this.#minima[last] = Math.min(this.#minima[last]!, level);
    return Math.min(...this.#minima);
  }
}
