/**
 * The simulated avatar's voice: not words, but a soft voiced buzz through two formant filters,
 * loud and open as far as the mouth is, so the sound follows the face. Quiet by design: it is
 * there so the audio path (the element's <video> playing a stream with an audio track, autoplay,
 * mute) runs as it does with a real avatar.
 */
const MAX_GAIN = 0.08;
const PITCH_HZ = 155;
const GESTURES = ['pointerdown', 'keydown'] as const;

export class VoiceSynth {
  readonly track: MediaStreamTrack;
  private readonly context: AudioContext;
  private readonly source: OscillatorNode;
  private readonly vibrato: OscillatorNode;
  private readonly firstFormant: BiquadFilterNode;
  private readonly secondFormant: BiquadFilterNode;
  private readonly gain: GainNode;

  constructor() {
    const context = new AudioContext();
    this.context = context;
    this.source = new OscillatorNode(context, { type: 'sawtooth', frequency: PITCH_HZ });
    // A slight vibrato keeps the buzz from sounding like a test tone.
    this.vibrato = new OscillatorNode(context, { frequency: 5 });
    const vibratoDepth = new GainNode(context, { gain: 4 });
    this.vibrato.connect(vibratoDepth).connect(this.source.frequency);
    this.firstFormant = new BiquadFilterNode(context, { type: 'bandpass', frequency: 500, Q: 4 });
    this.secondFormant = new BiquadFilterNode(context, { type: 'bandpass', frequency: 1500, Q: 6 });
    this.gain = new GainNode(context, { gain: 0 });
    const destination = context.createMediaStreamDestination();
    this.source.connect(this.firstFormant).connect(this.gain);
    this.source.connect(this.secondFormant).connect(this.gain);
    this.gain.connect(destination);
    this.source.start();
    this.vibrato.start();
    this.track = destination.stream.getAudioTracks()[0]!;
    // Created before the page had a user gesture, the context starts suspended (silent): try now,
    // and again on the visitor's first tap or key (the element's tap-to-unmute is one).
    void context.resume().catch(() => undefined);
    if (context.state === 'suspended') {
      for (const type of GESTURES) document.addEventListener(type, this.resumeOnGesture, { capture: true });
    }
  }

  private readonly resumeOnGesture = (): void => {
    this.stopWaitingForGesture();
    if (this.context.state === 'suspended') void this.context.resume().catch(() => undefined);
  };

  private stopWaitingForGesture(): void {
    for (const type of GESTURES) document.removeEventListener(type, this.resumeOnGesture, { capture: true });
  }

  /** Follows the mouth: 0 silent, 1 wide open (louder, brighter vowel). */
  shape(openness: number): void {
    if (this.context.state === 'closed') return;
    const at = this.context.currentTime;
    const open = Math.max(0, Math.min(1, openness));
    this.gain.gain.setTargetAtTime(open * MAX_GAIN, at, 0.02);
    this.firstFormant.frequency.setTargetAtTime(350 + open * 500, at, 0.03);
    this.source.frequency.setTargetAtTime(PITCH_HZ + open * 25, at, 0.05);
  }

  async close(): Promise<void> {
    this.stopWaitingForGesture();
    this.track.stop();
    if (this.context.state === 'closed') return;
    this.source.stop();
    this.vibrato.stop();
    await this.context.close();
  }
}
