/**
 * Turns a stream of audio levels (0..1) into speaking / silent, with hysteresis: a louder
 * threshold to start than to stop, and a hold time before "silent", so the pauses between
 * words do not make the state flicker.
 */
export interface SpeakingDetectorOptions {
  /** Level at or above which the avatar starts speaking. */
  startLevel?: number;
  /** Level below which silence starts counting. */
  stopLevel?: number;
  /** How long the level must stay below `stopLevel` before the avatar counts as silent. */
  holdMs?: number;
}

export class SpeakingDetector {
  private readonly startLevel: number;
  private readonly stopLevel: number;
  private readonly holdMs: number;
  private speaking = false;
  private quietSince: number | undefined;

  constructor(options: SpeakingDetectorOptions = {}) {
    this.startLevel = options.startLevel ?? 0.06;
    this.stopLevel = options.stopLevel ?? 0.03;
    this.holdMs = options.holdMs ?? 600;
  }

  get isSpeaking(): boolean {
    return this.speaking;
  }

  /** Feeds one level sample taken at `now` (ms); returns the new state when it changed. */
  update(level: number, now: number): boolean | undefined {
    if (!this.speaking) {
      if (level < this.startLevel) return undefined;
      this.speaking = true;
      this.quietSince = undefined;
      return true;
    }
    if (level >= this.stopLevel) {
      this.quietSince = undefined;
      return undefined;
    }
    this.quietSince ??= now;
    if (now - this.quietSince < this.holdMs) return undefined;
    this.speaking = false;
    this.quietSince = undefined;
    return false;
  }

  /** Forgets the state (the audio went away); returns false when it was speaking. */
  reset(): boolean | undefined {
    const was = this.speaking;
    this.speaking = false;
    this.quietSince = undefined;
    return was ? false : undefined;
  }
}
