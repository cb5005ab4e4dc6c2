import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AvatarsReply } from '../../protocol/broker-api';
import type { SttReceived } from '../../worker/simulator/stt/stt-script';
import { startWidgetPageServer, type WidgetPageServer } from '../widget-page';
import { startWorker, type RunningWorker } from '../worker-server';
import type { EngineBrowser, EnginePage } from './engine.ts';
import { wantedEngines } from './engine-executables.ts';
import { hostPage, widgetStatus } from './engine-pages.ts';
import { launchEngine } from './launch-engine.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const QUESTION = 'Do you ship to Canada?';

/**
 * A microphone for the page, installed before the widget loads: a tone the test switches on and
 * off, as a real MediaStream from Web Audio (Firefox's own fake device is a steady beep, with no
 * turns to take). Everything after getUserMedia is Firefox's: its AudioWorklet, its
 * MediaRecorder, its upload.
 */
function installFakeMic(): void {
  const w = window as unknown as { fakeMic: { talk(on: boolean): void; asked: unknown[] } };
  // Made now and resumed in the visitor's first press, as a page may only start audio in a gesture.
  const context = new AudioContext();
  for (const type of ['pointerdown', 'mousedown', 'click']) addEventListener(type, () => void context.resume(), { capture: true });
  const gain = context.createGain();
  gain.gain.value = 0;
  const tone = context.createOscillator();
  tone.frequency.value = 220;
  const out = context.createMediaStreamDestination();
  tone.connect(gain).connect(out);
  tone.start();
  w.fakeMic = {
    asked: [],
    // Speech-like: syllables of 140 ms with 60 ms dips, which is what lets the detector tell the
    // room's floor from the voice even when the talk begins before the meter's first frame.
    talk: (on) => {
      const now = context.currentTime;
      gain.gain.cancelScheduledValues(now);
      gain.gain.setValueAtTime(0, now);
      if (!on) return;
      for (let i = 0; i < 100; i++) {
        gain.gain.setValueAtTime(0.5, now + i * 0.2);
        gain.gain.setValueAtTime(0, now + i * 0.2 + 0.14);
      }
    },
  };
  navigator.mediaDevices.getUserMedia = async (constraints) => {
    w.fakeMic.asked.push(constraints);
    return out.stream;
  };
}

/** What the page can tell of the voice: listening, the level meter, the transcripts. */
function voiceStatus(): { listening: boolean; level: number; recognition: boolean } {
  const el = document.querySelector('a2e-avatar') as HTMLElement & { listening: boolean };
  const meter = el.shadowRoot!.querySelector<HTMLElement>('[part~="level"]');
  return {
    listening: el.listening,
    level: Number(meter?.style.getPropertyValue('--a2e-level') || 0),
    recognition: 'SpeechRecognition' in window || 'webkitSpeechRecognition' in window,
  };
}

/**
 * Firefox has no speech recognition: there the microphone is the broker's speech-to-text. A
 * Worker (`wrangler dev`, simulator) whose STT_BASE_URL names the simulator's stand-in, the
 * widget as the Worker builds it (dist/site), Firefox ESR through puppeteer-core (WebDriver BiDi).
 */
describe.skipIf(!wantedEngines().includes('firefox'))('voice in Firefox, through the broker’s speech-to-text', () => {
  let worker: RunningWorker;
  let engine: EngineBrowser;
  let site: WidgetPageServer;
  let avatarId: string;
  let page: EnginePage | undefined;

  beforeAll(async () => {
    [worker, engine, site] = await Promise.all([
      startWorker({ STT_BASE_URL: 'http://localhost/sim/stt/v1' }),
      // No sound card on a CI machine: Firefox's own stand-in audio device lets Web Audio run.
      launchEngine('firefox', { firefoxPreferences: { 'media.cubeb.force_mock_context': true } }),
      startWidgetPageServer(`${root}dist/site`),
    ]);
    const catalogue = (await (await fetch(`${worker.url}/v1/avatars`)).json()) as AvatarsReply;
    avatarId = catalogue.avatars[0]!.id;
  });
  afterAll(async () => {
    await engine?.close();
    await worker?.stop();
    await site?.close();
  });
  afterEach(async () => {
    await page?.close().catch(() => undefined);
    page = undefined;
  });

  async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, timeout = 30_000): Promise<T> {
    const deadline = Date.now() + timeout;
    for (;;) {
      const value = await read();
      if (done(value)) return value;
      if (Date.now() > deadline) throw new Error(`firefox: waited for ${what}; last saw ${JSON.stringify(value)}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  it('offers the microphone, records a turn, and asks what the broker heard', { timeout: 120_000 }, async () => {
    await fetch(`${worker.url}/sim/stt`, { method: 'DELETE' });
    await fetch(`${worker.url}/sim/stt/script`, { method: 'POST', body: JSON.stringify({ replies: [{ text: QUESTION }] }) });
    site.html = hostPage(worker.url, avatarId, '').replace('<script src="/a2e-avatar.global.js">', `<script>(${installFakeMic.toString()})();</script>\n<script src="/a2e-avatar.global.js">`);
    page = await engine.newPage();
    await page.goto(`${site.origin}/`);
    await page.click('a2e-avatar', '[part~="connect-button"]');
    const status = () => page!.evaluate(widgetStatus, 'a2e-avatar');
    await until(status, (s) => s.state === 'connected', 'connected');
    expect((await page.evaluate(voiceStatus)).recognition).toBe(false);
    await until(status, (s) => s.parts.includes('mic-button'), 'the microphone button');

    await page.click('a2e-avatar', '[part~="mic-button"]');
    const voice = () => page!.evaluate(voiceStatus);
    await until(voice, (v) => v.listening, 'listening');
    await page.evaluate(() => (window as unknown as { fakeMic: { talk(on: boolean): void } }).fakeMic.talk(true));
    await until(voice, (v) => v.level > 0.1, 'the level meter to show the voice');
    await new Promise((resolve) => setTimeout(resolve, 800));
    await page.evaluate(() => (window as unknown as { fakeMic: { talk(on: boolean): void } }).fakeMic.talk(false));

    const asked = await until(status, (s) => s.log.some((e) => e.type === 'a2e-transcript' && e.role === 'user'), 'the transcript');
    expect(asked.log.filter((e) => e.type === 'a2e-transcript' && e.role === 'user').map((e) => e.text)).toEqual([QUESTION]);
    const { received } = (await (await fetch(`${worker.url}/sim/stt/received`)).json()) as { received: SttReceived[] };
    expect(received).toHaveLength(1);
    expect(received[0]!.filename).toMatch(/^utterance\.(ogg|webm)$/);
    const asks = await page.evaluate(() => (window as unknown as { fakeMic: { asked: unknown[] } }).fakeMic.asked);
    expect(asks).toEqual([{ audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true } }]);
    expect(asked.log.filter((e) => e.type === 'a2e-error')).toEqual([]);
  });
});
