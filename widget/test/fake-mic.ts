/**
 * A microphone for browser tests: a tone (a stand-in voice) that a test switches on and off,
 * as a real MediaStream from its own AudioContext, so the widget's capture, AudioWorklet,
 * detector and MediaRecorder all run for real. The tone is steady, so the detector sees one turn
 * from the moment it starts to the moment it stops.
 */
export class FakeMic {
  readonly #context = new AudioContext();
  readonly #gain = this.#context.createGain();
  readonly #out = this.#context.createMediaStreamDestination();
  readonly #tone = this.#context.createOscillator();
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

  /** The visitor starts (a level of about -9 dBFS) or stops talking; returns when, on the audio clock (s). */
  talk(on: boolean, level = 0.5): number {
    const at = this.#context.currentTime;
    this.#gain.gain.setValueAtTime(on ? level : 0, at);
    return at;
  }

  close(): void {
    this.#tone.stop();
    void this.#context.close();
  }
}
