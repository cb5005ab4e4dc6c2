import { RECORDING_TYPES } from './engine-choice';

/**
 * One turn's recording, in the first of RECORDING_TYPES this browser records: Chromium webm,
 * Firefox ogg, Safari mp4, with Opus or AAC at about 4 KB a second. It starts when the turn
 * does and stops, to one Blob, when the turn ends.
 */
export class TurnRecorder {
  readonly #recorder: MediaRecorder;
  readonly #chunks: Blob[] = [];
  readonly #done: Promise<Blob>;

  constructor(stream: MediaStream) {
    const mimeType = RECORDING_TYPES.find((type) => MediaRecorder.isTypeSupported(type));
    this.#recorder = new MediaRecorder(stream, mimeType ? { mimeType } : {});
    this.#recorder.ondataavailable = (event) => {
      if (event.data.size > 0) this.#chunks.push(event.data);
    };
    this.#done = new Promise((resolve, reject) => {
      this.#recorder.onstop = () => resolve(new Blob(this.#chunks, { type: this.#recorder.mimeType || mimeType || 'audio/webm' }));
      this.#recorder.onerror = () => reject(new Error('recording failed'));
    });
    this.#done.catch(() => {});
    this.#recorder.start();
  }

  /** The whole turn, as one file. */
  stop(): Promise<Blob> {
    if (this.#recorder.state !== 'inactive') this.#recorder.stop();
    return this.#done;
  }

  /** Drops the turn (noise, or the voice was switched off). */
  discard(): void {
    this.#recorder.ondataavailable = null;
    if (this.#recorder.state !== 'inactive') this.#recorder.stop();
  }
}
