/**
 * A microphone for browser tests: a tone (a stand-in voice) that a test switches on and off,
 * as a real MediaStream from its own AudioContext, so the widget's capture, AudioWorklet,
 * detector and MediaRecorder all run for real.
 *
 * The voice talks in syllables (140 ms of tone, 60 ms of silence), as speech does. A steady tone
 * begun before the level meter's first frame would be learnt as the room's noise floor, and no turn
 * would ever start; the dips keep the floor at the room's level, while the detector still hears one
 * turn from the first syllable to the last.
 */
const SYLLABLE_S = 0.14;
const DIP_S = 0.06;
const PERIOD_S = SYLLABLE_S + DIP_S;
/** Syllables scheduled ahead when the visitor starts talking (a minute of speech). */
const SYLLABLES = 300;

export class FakeMic {
  readonly #context = new AudioContext();
  readonly #gain = this.#context.createGain();
  readonly #out = this.#context.createMediaStreamDestination();
  readonly #tone = this.#context.createOscillator();
  /** When the current talk began, on the audio clock; undefined while silent. */
  #talkingSince: number | undefined;
  /** The constraints the widget asked getUserMedia for. */
  readonly asked: MediaStreamConstraints[] = [];

  constructor() {
    this.#tone.frequency.value = 220;
    this.#gain.gain.value = 0;
    this.#tone.connect(this.#gain).connect(this.#out);
    this.#tone.start();
  }

  /** Stands in for navigator.mediaDevices.getUserMedia. */
  readonly getUserMedia = async (constraints: MediaStreamConstraints = {}): Promise<MediaStream> => {
    this.asked.push(constraints);
    await this.#context.resume();
    return new MediaStream(this.#out.stream.getAudioTracks().map((track) => track.clone()));
  };

  /**
   * The visitor starts (syllables at about -9 dBFS) or stops talking. Returns, on the audio clock
   * (s), when the voice began, or when it last sounded: the end of the last syllable heard.
   */
  talk(on: boolean, level = 0.5): number {
    const now = this.#context.currentTime;
    const gain = this.#gain.gain;
    gain.cancelScheduledValues(now);
    gain.setValueAtTime(0, now);
    if (on) {
      for (let i = 0; i < SYLLABLES; i++) {
        gain.setValueAtTime(level, now + i * PERIOD_S);
        gain.setValueAtTime(0, now + i * PERIOD_S + SYLLABLE_S);
      }
      this.#talkingSince = now;
      return now;
    }
    const since = this.#talkingSince;
    this.#talkingSince = undefined;
    if (since === undefined) return now;
    const intoPeriod = (now - since) % PERIOD_S;
    return intoPeriod < SYLLABLE_S ? now : now - intoPeriod + SYLLABLE_S;
  }

  close(): void {
    this.#tone.stop();
    void this.#context.close();
  }
}
