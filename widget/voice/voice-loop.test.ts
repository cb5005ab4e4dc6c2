import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeMic } from '../test/fake-mic';
import { MIC_CONSTRAINTS } from './mic-capture';
import { VoiceLoop } from './voice-loop';
import type { VoiceHost, VoiceOptions } from './voice-types';

/** Real audio runs in real time, and a loaded machine delays it: every wait on the voice has room. */
const PATIENCE = { timeout: 10_000 };

/** A host that records what the voice did, with an avatar the test makes talk. */
class Host implements VoiceHost {
  speaking = false;
  heard: Blob[] = [];
  said: string[] = [];
  interrupts = 0;
  listeningLog: boolean[] = [];
  levels = 0;
  failures: string[] = [];
  ended = vi.fn();
  transcript = 'What time do you open?';
  canInterrupt = true;
  voice: VoiceLoop | undefined;

  avatarSpeaking = () => this.speaking;
  transcribe = async (audio: Blob) => (this.heard.push(audio), this.transcript);
  say = async (text: string): Promise<void> => void this.said.push(text);
  interrupt = async () => {
    this.interrupts++;
    if (this.canInterrupt) this.talking(false);
    return this.canInterrupt;
  };
  interim = () => {};
  touches = 0;
  touch = () => void this.touches++;
  listening = (on: boolean) => void this.listeningLog.push(on);
  level = () => void this.levels++;
  failed = (code: string) => void this.failures.push(code);

  get isListening(): boolean {
    return this.listeningLog.at(-1) ?? false;
  }

  /** The avatar starts or stops talking, as the element tells the voice. */
  talking(on: boolean): void {
    this.speaking = on;
    this.voice?.avatarSpeaking(on);
  }
}

let mic: FakeMic;
let host: Host;

function start(options: Partial<VoiceOptions> = {}, getUserMedia = mic.getUserMedia): VoiceLoop {
  host.voice = new VoiceLoop(host, { mode: 'hands-free', engine: 'server', bargeIn: false, language: 'en', ...options }, { getUserMedia });
  return host.voice;
}

/**
 * The visitor says one turn: talks until the detector has heard the turn start (the voice marks
 * the visitor active then) and a little longer, then falls silent. Waits on what the voice does,
 * not on the clock, so a loaded machine that delays the audio only makes it slower.
 */
async function sayTurn(): Promise<number> {
  await vi.waitFor(() => expect(host.isListening).toBe(true), PATIENCE);
  const before = { heard: host.heard.length, touches: host.touches };
  const from = mic.talk(true);
  await vi.waitFor(() => expect(host.touches).toBeGreaterThan(before.touches), PATIENCE);
  await new Promise((resolve) => setTimeout(resolve, 400));
  const to = mic.talk(false);
  await vi.waitFor(() => expect(host.heard.length).toBe(before.heard + 1), PATIENCE);
  return to - from;
}

beforeEach(() => {
  mic = new FakeMic();
  host = new Host();
});

afterEach(() => {
  host.voice?.close();
  mic.close();
});

describe('the voice, on the broker’s speech-to-text', { timeout: 60_000 }, () => {
  it('opens the microphone with echo cancellation, noise suppression and auto gain, and meters it', async () => {
    start();
    await vi.waitFor(() => expect(host.levels).toBeGreaterThan(5), PATIENCE);
    expect(mic.asked).toEqual([{ audio: MIC_CONSTRAINTS }]);
    expect(MIC_CONSTRAINTS).toEqual({ echoCancellation: true, noiseSuppression: true, autoGainControl: true });
  });

  it('hears a turn from its start to its end as one recording, and asks what it said', async () => {
    start();
    const spoken = await sayTurn();
    const [audio] = host.heard;
    expect(audio!.type).toMatch(/^audio\/webm/);
    // The recording holds the whole voice, a moment of silence before it (pre-roll: the start is
    // not clipped) and after it, and not much more (the end was found).
    const decoded = await new AudioContext().decodeAudioData(await audio!.arrayBuffer());
    const samples = decoded.getChannelData(0);
    const loud = (sample: number) => Math.abs(sample) > 0.1;
    const first = samples.findIndex(loud) / decoded.sampleRate;
    const last = samples.findLastIndex(loud) / decoded.sampleRate;
    expect(first).toBeGreaterThan(0.1);
    expect(last - first).toBeGreaterThan(spoken - 0.1);
    expect(last - first).toBeLessThan(spoken + 0.1);
    expect(decoded.duration - last).toBeGreaterThan(0.1);
    expect(decoded.duration).toBeLessThan(spoken + 0.4 + 0.8 + 0.6);
    await vi.waitFor(() => expect(host.said).toEqual(['What time do you open?']), PATIENCE);
    // Silence afterwards sends nothing more.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(host.heard).toHaveLength(1);
  });

  it('does not listen while the avatar talks, and listens again when it is done', async () => {
    start();
    await sayTurn();
    host.talking(true);
    await vi.waitFor(() => expect(host.isListening).toBe(false), PATIENCE);
    // The visitor (or the avatar's own voice in the room) talks meanwhile: nothing is sent.
    mic.talk(true);
    await new Promise((resolve) => setTimeout(resolve, 1200));
    mic.talk(false);
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(host.heard).toHaveLength(1);
    expect(host.isListening).toBe(false);
    host.talking(false);
    await sayTurn();
    expect(host.heard).toHaveLength(2);
  });

  it('with barge-in, speaking over the avatar interrupts it and becomes the next turn', async () => {
    start({ bargeIn: true });
    await sayTurn();
    host.talking(true);
    await vi.waitFor(() => expect(host.isListening).toBe(false), PATIENCE);
    mic.talk(true);
    await vi.waitFor(() => expect(host.interrupts).toBe(1), PATIENCE);
    expect(host.speaking).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 300));
    mic.talk(false);
    await vi.waitFor(() => expect(host.heard).toHaveLength(2), PATIENCE);
  });

  it('with barge-in, listens over an answer whose ask is still under way (a model’s streamed answer)', async () => {
    host.say = (text) => (host.said.push(text), new Promise<void>(() => {})); // settles when the answer is done
    start({ bargeIn: true });
    await sayTurn();
    host.talking(true);
    mic.talk(true);
    await vi.waitFor(() => expect(host.interrupts).toBe(1), PATIENCE);
    mic.talk(false);
  });

  it('without barge-in, speaking over the avatar never interrupts it', async () => {
    start({ bargeIn: false });
    await vi.waitFor(() => expect(host.isListening).toBe(true), PATIENCE);
    host.talking(true);
    mic.talk(true);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    mic.talk(false);
    expect(host.interrupts).toBe(0);
  });

  it('push-to-talk: one turn, then the microphone closes', async () => {
    start({ mode: 'push-to-talk' });
    await sayTurn();
    await vi.waitFor(() => expect(host.ended).toHaveBeenCalledOnce(), PATIENCE);
    expect(host.said).toEqual(['What time do you open?']);
    expect(host.isListening).toBe(false);
  });

  it('push-to-talk pressed again before any speech sends nothing', async () => {
    const voice = start({ mode: 'push-to-talk' });
    await vi.waitFor(() => expect(host.isListening).toBe(true), PATIENCE);
    voice.stop();
    await vi.waitFor(() => expect(host.ended).toHaveBeenCalledOnce(), PATIENCE);
    expect(host.heard).toEqual([]);
  });

  it('says the microphone is blocked, or missing, and stops', async () => {
    const blocked = () => Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));
    start({}, blocked);
    await vi.waitFor(() => expect(host.ended).toHaveBeenCalledOnce(), PATIENCE);
    expect(host.failures).toEqual(['microphone_blocked']);
    host = new Host();
    start({}, () => Promise.reject(new DOMException('Requested device not found', 'NotFoundError')));
    await vi.waitFor(() => expect(host.ended).toHaveBeenCalledOnce(), PATIENCE);
    expect(host.failures).toEqual(['microphone_unavailable']);
  });

  it('listens on after a failed transcription, but stops when the broker has no STT', async () => {
    start();
    host.transcribe = async (audio) => {
      host.heard.push(audio);
      throw Object.assign(new Error('upstream'), { code: 'upstream_error' });
    };
    await sayTurn();
    await vi.waitFor(() => expect(host.isListening).toBe(true), PATIENCE);
    host.transcribe = async (audio) => {
      host.heard.push(audio);
      throw Object.assign(new Error('no stt'), { code: 'not_configured' });
    };
    await sayTurn();
    await vi.waitFor(() => expect(host.ended).toHaveBeenCalledOnce(), PATIENCE);
    expect(host.said).toEqual([]);
  });
});

/** The browser's recognition, driven by the test: `hear` delivers a final result and ends the turn. */
class FakeRecognition {
  static made: FakeRecognition[] = [];
  lang = '';
  interimResults = false;
  continuous = false;
  started = false;
  aborted = false;
  onresult: ((event: unknown) => void) | null = null;
  onend: (() => void) | null = null;
  onerror: ((event: { error: string }) => void) | null = null;
  constructor() {
    FakeRecognition.made.push(this);
  }
  start() {
    this.started = true;
  }
  stop() {
    this.onend?.();
  }
  abort() {
    this.aborted = true;
  }
  hear(text: string) {
    this.onresult?.({ resultIndex: 0, results: [Object.assign([{ transcript: text }], { isFinal: true })] });
    this.onend?.();
  }
}

describe('the voice, on the browser’s recognition', { timeout: 60_000 }, () => {
  const w = window as unknown as Record<string, unknown>;
  const saved = w.SpeechRecognition;
  beforeEach(() => {
    FakeRecognition.made = [];
    w.SpeechRecognition = FakeRecognition;
  });
  afterEach(() => {
    w.SpeechRecognition = saved;
  });
  const current = () => FakeRecognition.made.at(-1)!;

  it('hands-free: asks each turn, stops recognising while the avatar talks, and recognises again after', async () => {
    start({ engine: 'browser' });
    await vi.waitFor(() => expect(current().started).toBe(true), PATIENCE);
    expect(current().lang).toBe('en');
    expect(mic.asked).toEqual([]); // no getUserMedia of its own without barge-in
    current().hear('Where is my order?');
    await vi.waitFor(() => expect(host.said).toEqual(['Where is my order?']), PATIENCE);
    // Waiting for the answer: no recognition until it has been given.
    await vi.waitFor(() => expect(host.isListening).toBe(false), PATIENCE);
    const made = FakeRecognition.made.length;
    host.talking(true);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(FakeRecognition.made).toHaveLength(made);
    host.talking(false);
    await vi.waitFor(() => expect(FakeRecognition.made).toHaveLength(made + 1), PATIENCE);
    expect(host.isListening).toBe(true);
    // The avatar starts again mid-listening (say, a late answer): recognition is dropped at once.
    const listening = current();
    host.talking(true);
    expect(host.isListening).toBe(false);
    await vi.waitFor(() => expect(listening.aborted).toBe(true), PATIENCE);
  });
});
