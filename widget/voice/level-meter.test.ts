import { afterEach, describe, expect, it, vi } from 'vitest';
import { meterLevels } from './level-meter';

/** A 440 Hz tone at half scale: an RMS level of about 0.35. */
function tone(context: AudioContext): AudioNode {
  const oscillator = context.createOscillator();
  const gain = context.createGain();
  gain.gain.value = 0.5;
  oscillator.connect(gain);
  oscillator.start();
  return gain;
}

async function levels(context: AudioContext, count: number): Promise<number[]> {
  const seen: number[] = [];
  const stop = await meterLevels(context, tone(context), (level) => seen.push(level));
  await vi.waitFor(() => expect(seen.length).toBeGreaterThanOrEqual(count), { timeout: 3000 });
  stop();
  return seen;
}

describe('the microphone level meter', () => {
  afterEach(() => vi.restoreAllMocks());

  it('measures the RMS level of every 20 ms in an AudioWorklet', async () => {
    const context = new AudioContext();
    const addModule = vi.spyOn(context.audioWorklet, 'addModule');
    const seen = await levels(context, 10);
    expect(addModule).toHaveBeenCalledOnce();
    expect(seen.slice(-5).every((level) => Math.abs(level - 0.5 / Math.SQRT2) < 0.02)).toBe(true);
    await context.close();
  });

  it('falls back to a timer where the page refuses the worklet (a strict CSP)', async () => {
    const context = new AudioContext();
    vi.spyOn(context.audioWorklet, 'addModule').mockRejectedValue(new DOMException('refused by CSP', 'AbortError'));
    const seen: number[] = [];
    const stop = await meterLevels(context, tone(context), (level) => seen.push(level));
    // The timer reads zeros until the audio device has started (the worklet only runs once it
    // has): wait for five frames in a row at the tone's level.
    const tonal = (level: number) => Math.abs(level - 0.5 / Math.SQRT2) < 0.05;
    await vi.waitFor(() => expect(seen.length >= 5 && seen.slice(-5).every(tonal)).toBe(true), { timeout: 5000 });
    stop();
    await context.close();
  });
});

describe('the microphone level meter, on silence', () => {
  it('reports silent frames too (an input with no channels is silence), so a pause can be heard', async () => {
    const context = new AudioContext();
    const source = context.createGain();
    const seen: number[] = [];
    const stop = await meterLevels(context, source, (level) => seen.push(level));
    // Nothing connected: the worklet's input has no channels, as Firefox gives it for a quiet microphone.
    source.disconnect();
    await vi.waitFor(() => expect(seen.length).toBeGreaterThanOrEqual(10), { timeout: 3000 });
    stop();
    expect(seen.every((level) => level === 0)).toBe(true);
    await context.close();
  });
});
