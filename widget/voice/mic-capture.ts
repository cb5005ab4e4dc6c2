import { meterLevels } from './level-meter';
import { VoiceFailure } from './voice-failure';
import type { VoiceErrorCode } from './voice-types';

/**
 * How far the recorded sound lags the measured one. The detector knows a turn has started only
 * after some voiced frames (voice-activity.ts); recording a delayed copy of the microphone means
 * the recorder, started at that moment, still gets the turn's first syllable and a breath of
 * silence before it. At the end it costs nothing: the detector's end-of-turn pause is longer.
 */
export const PRE_ROLL_SECONDS = 0.4;

/** The browser's own clean-up of the microphone: above all, echo cancellation of the avatar's voice. */
export const MIC_CONSTRAINTS: MediaTrackConstraints = { echoCancellation: true, noiseSuppression: true, autoGainControl: true };

/** The open microphone: a level per frame, and a delayed stream to record turns from. */
export interface MicCapture {
  /** The microphone, PRE_ROLL_SECONDS late, for MediaRecorder. */
  readonly recordable: MediaStream;
  close(): void;
}

export interface CaptureDeps {
  /**
   * The audio context to measure and record in, made by the element in the click that turned
   * the microphone on: Safari and Firefox let a context run only when it was made (or resumed)
   * inside a user's gesture, and by the time the voice code has loaded and the visitor has
   * allowed the microphone, that gesture is long gone. Closed with the capture.
   */
  context?: AudioContext;
  /** Seam for tests: where the microphone comes from. */
  getUserMedia?: (constraints: MediaStreamConstraints) => Promise<MediaStream>;
}

/** Opens the microphone (the browser may ask the visitor) and starts measuring it. */
export async function openMic(onLevel: (level: number) => void, deps: CaptureDeps = {}): Promise<MicCapture> {
  const getUserMedia = deps.getUserMedia ?? ((c) => navigator.mediaDevices.getUserMedia(c));
  const context = deps.context ?? new AudioContext();
  let stream: MediaStream;
  try {
    stream = await getUserMedia({ audio: MIC_CONSTRAINTS });
  } catch (err) {
    void context.close().catch(() => {});
    throw new VoiceFailure(micErrorCode(err));
  }
  try {
    // Not awaited: a context the browser holds suspended (no gesture) would stall the voice here;
    // it starts measuring once the browser lets it run.
    void context.resume().catch(() => {});
    const source = context.createMediaStreamSource(stream);
    const stopMeter = await meterLevels(context, source, onLevel);
    const delay = context.createDelay(1);
    delay.delayTime.value = PRE_ROLL_SECONDS;
    const out = context.createMediaStreamDestination();
    source.connect(delay).connect(out);
    return {
      recordable: out.stream,
      close: () => {
        stopMeter();
        for (const track of stream.getTracks()) track.stop();
        void context.close().catch(() => {});
      },
    };
  } catch {
    for (const track of stream.getTracks()) track.stop();
    void context.close().catch(() => {});
    throw new VoiceFailure('speech_failed');
  }
}

/** getUserMedia's refusals, as the element's microphone errors. */
export function micErrorCode(err: unknown): VoiceErrorCode {
  const name = err instanceof DOMException || err instanceof Error ? err.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'microphone_blocked';
  if (name === 'NotFoundError' || name === 'NotReadableError' || name === 'OverconstrainedError' || name === 'AbortError') {
    return 'microphone_unavailable';
  }
  return 'speech_failed';
}
