import { FRAME_MS } from './voice-activity';

/**
 * The AudioWorklet that measures the microphone: the RMS level of every FRAME_MS of samples,
 * posted to the page. It runs on the audio thread, so a busy page (video decoding, layout) does
 * not drop or bunch frames, which the voice-activity detector counts as time.
 */
const PROCESSOR = `registerProcessor('a2e-level', class extends AudioWorkletProcessor {
  constructor() { super(); this.size = Math.round(sampleRate * ${FRAME_MS} / 1000); this.sum = 0; this.count = 0; }
  process(inputs) {
    // An input with no channels is silence (Firefox gives none while the microphone is quiet):
    // it counts as frames of zeros, or the detector would never see a pause.
    const channel = inputs[0] && inputs[0][0];
    const length = channel ? channel.length : 128;
    for (let i = 0; i < length; i++) {
      if (channel) this.sum += channel[i] * channel[i];
      if (++this.count === this.size) { this.port.postMessage(Math.sqrt(this.sum / this.count)); this.sum = 0; this.count = 0; }
    }
    return true;
  }
});`;

/** Calls `onLevel` once per frame with the level of `source` until the returned stop() is called. */
export async function meterLevels(context: AudioContext, source: AudioNode, onLevel: (level: number) => void): Promise<() => void> {
  try {
    const url = URL.createObjectURL(new Blob([PROCESSOR], { type: 'text/javascript' }));
    try {
      await context.audioWorklet.addModule(url);
    } finally {
      URL.revokeObjectURL(url);
    }
    const node = new AudioWorkletNode(context, 'a2e-level');
    node.port.onmessage = (event: MessageEvent<number>) => onLevel(event.data);
    source.connect(node);
    // Its output is silence; connected so that every engine keeps pulling (processing) it.
    node.connect(context.destination);
    return () => {
      node.port.onmessage = null;
      node.disconnect();
      disconnect(source, node);
    };
  } catch {
    return analyserLevels(context, source, onLevel);
  }
}

/**
 * Where a page's Content-Security-Policy refuses a blob: worklet module: an AnalyserNode read
 * on a timer. Frames can then bunch when the page is busy, but the microphone still works.
 */
function analyserLevels(context: AudioContext, source: AudioNode, onLevel: (level: number) => void): () => void {
  const analyser = context.createAnalyser();
  analyser.fftSize = 2 ** Math.ceil(Math.log2((context.sampleRate * FRAME_MS) / 1000));
  const samples = new Float32Array(analyser.fftSize);
  source.connect(analyser);
  const timer = setInterval(() => {
    analyser.getFloatTimeDomainData(samples);
    let sum = 0;
    for (const sample of samples) sum += sample * sample;
    onLevel(Math.sqrt(sum / samples.length));
  }, FRAME_MS);
  return () => {
    clearInterval(timer);
    disconnect(source, analyser);
  };
}

/** Disconnects, whether or not the two are still connected (the capture may have torn down first). */
function disconnect(source: AudioNode, from: AudioNode): void {
  try {
    source.disconnect(from);
  } catch {
    // already apart
  }
}
