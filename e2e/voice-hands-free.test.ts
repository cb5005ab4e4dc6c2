import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AvatarsReply } from '../protocol/broker-api';
import type { SttReceived } from '../worker/simulator/stt/stt-script';
import { collectPageErrors } from './browser';
import { launchChromiumWithMic } from './voice/mic-browser';
import { speechWav } from './voice/speech-audio';
import { recordVoice, speakingIntervals, voiceLog, type VoiceEvent } from './voice/voice-timeline';
import { buildWidget, classicPage, startWidgetPageServer, type WidgetPageServer } from './widget-page';
import { startWorker, type RunningWorker } from './worker-server';

/**
 * Hands-free voice on the broker's speech-to-text, the whole way: Chromium's fake microphone
 * plays espeak-ng's "Do you ship to Canada?" between silences, in a loop; the widget detects
 * each turn, records it, sends it to a Worker (`wrangler dev`, simulator) whose STT_BASE_URL
 * names the simulator's stand-in, which answers the text this test says the audio holds; the
 * transcript is asked, and the simulated avatar answers aloud (about 10 s).
 */
const QUESTION = 'Do you ship to Canada?';
/** The answer the simulated avatar picks from this context: long enough for a phrase of the loop to play over it. */
const CONTEXT =
  'We ship to Canada and to every state of the United States, and each parcel is tracked from our warehouse in Vermont all the way to your door. Returns are free within thirty days.';
/**
 * For the model: an answer of two long sentences. Paced (LLM_SPEAK_PACING=paced), the second waits
 * at the broker while the first is said, about 10 s, over which the looping question plays.
 */
const MODEL_CONTEXT =
  'We ship to Canada and to every state of the United States, and each parcel is tracked from our warehouse in Vermont all the way to the door of your home. ' +
  'Parcels we ship to Canada usually arrive within five working days, and the tracking link comes by email the moment your parcel leaves our warehouse.';

describe('hands-free voice through the broker’s speech-to-text', () => {
  let worker: RunningWorker;
  let site: WidgetPageServer;
  let widgetDir: string;
  let audioDir: string;
  let wav: ReturnType<typeof speechWav>;
  let avatarId: string;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;

  beforeAll(async () => {
    widgetDir = buildWidget();
    audioDir = mkdtempSync(join(tmpdir(), 'a2e-voice-'));
    // One period of the loop: 1.5 s of silence, the question (about 1.5 s), 3 s of silence.
    wav = speechWav(audioDir, 'question', [{ silence: 1.5 }, { say: QUESTION }, { silence: 3 }]);
    // Any host: the path names the stand-in, which the Worker answers in-process.
    // Pacing only matters to the model (the last test): A2E's QA says its answer at once.
    const vars = { STT_BASE_URL: 'http://localhost/sim/stt/v1', LLM_SPEAK_PACING: 'paced' };
    [worker, site] = await Promise.all([startWorker(vars), startWidgetPageServer(widgetDir)]);
    const catalogue = (await (await fetch(`${worker.url}/v1/avatars`)).json()) as AvatarsReply;
    avatarId = catalogue.avatars[0]!.id;
  });
  afterAll(async () => {
    await worker?.stop();
    await site?.close();
    if (widgetDir) rmSync(widgetDir, { recursive: true, force: true });
    if (audioDir) rmSync(audioDir, { recursive: true, force: true });
  });
  afterEach(async () => {
    await context?.close();
    await browser?.close();
    browser = context = undefined;
  });

  /** Tells the stand-in what each coming utterance says, and forgets what it received before. */
  async function script(count: number): Promise<void> {
    await fetch(`${worker.url}/sim/stt`, { method: 'DELETE' });
    const res = await fetch(`${worker.url}/sim/stt/script`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ replies: Array.from({ length: count }, () => ({ text: QUESTION })) }),
    });
    expect(res.status).toBe(200);
  }

  async function received(): Promise<SttReceived[]> {
    return ((await (await fetch(`${worker.url}/sim/stt/received`)).json()) as { received: SttReceived[] }).received;
  }

  /** A visitor's page with the widget, connected, the microphone switched on. */
  async function talkingPage(attributes: string, knowledge = CONTEXT): Promise<{ page: Page; errors: Error[] }> {
    browser = await launchChromiumWithMic(wav.path);
    context = await browser.newContext();
    site.html = classicPage(worker.url, avatarId, `voice="hands-free" speech-engine="server" context="${knowledge}" ${attributes}`);
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    // What the widget uploads, kept for the test to decode (DevTools does not report blob bodies).
    await page.addInitScript(() => {
      const uploads: { file: Blob; ticket: unknown }[] = [];
      (window as unknown as { uploads: typeof uploads }).uploads = uploads;
      const fetch = window.fetch.bind(window);
      const interrupts: unknown[] = [];
      (window as unknown as { interrupts: unknown[] }).interrupts = interrupts;
      window.fetch = async (input, init) => {
        if (init?.body instanceof FormData) uploads.push({ file: init.body.get('file') as Blob, ticket: init.body.get('ticket') });
        const res = await fetch(input, init);
        if (String(input).endsWith('/interrupt')) interrupts.push(await res.clone().json());
        return res;
      };
    });
    await page.goto(`${site.origin}/`);
    await page.evaluate(() => document.querySelector('a2e-avatar')!.updateComplete);
    await recordVoice(page);
    await page.locator('a2e-avatar [part=connect-button]').click();
    await page.waitForFunction(() => document.querySelector('a2e-avatar')!.state === 'connected', undefined, { timeout: 30_000 });
    await page.locator('a2e-avatar [part=mic-button]').click();
    return { page, errors };
  }

  async function waitForLog(page: Page, done: (log: VoiceEvent[]) => boolean, timeout = 90_000): Promise<VoiceEvent[]> {
    const deadline = Date.now() + timeout;
    for (;;) {
      const log = await voiceLog(page);
      if (done(log)) return log;
      if (Date.now() > deadline) throw new Error(`timed out; voice log: ${JSON.stringify(log)}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  /** The seconds of loud sound in the page's nth upload, and its length, decoded by the page. */
  function loudSpan(page: Page, nth: number): Promise<{ first: number; last: number; duration: number; type: string; ticket: boolean }> {
    return page.evaluate(async (n) => {
      const { file, ticket } = (window as unknown as { uploads: { file: Blob; ticket: unknown }[] }).uploads[n]!;
      const audio = await new OfflineAudioContext(1, 1, 48_000).decodeAudioData(await file.arrayBuffer());
      const samples = audio.getChannelData(0);
      const peak = samples.reduce((max, s) => Math.max(max, Math.abs(s)), 0);
      const loud = (s: number) => Math.abs(s) > peak * 0.1;
      const at = (i: number) => i / audio.sampleRate;
      return { first: at(samples.findIndex(loud)), last: at(samples.findLastIndex(loud)), duration: audio.duration, type: file.type, ticket: typeof ticket === 'string' };
    }, nth);
  }

  it('finds the turn’s start and end, sends it as one utterance, asks it, and does not listen while the avatar answers', { timeout: 120_000 }, async () => {
    await script(5);
    const { page, errors } = await talkingPage('');
    // The first answer, and listening again after it, up to the next turn's upload.
    const log = await waitForLog(page, (events) => {
      const [first] = speakingIntervals(events);
      return first !== undefined && first[1] !== Infinity && events.some((e) => e.type === 'transcribe' && e.at > first[1]);
    });

    // One utterance for the one question before the answer, and the ask that it became.
    const [answer] = speakingIntervals(log) as [[number, number]];
    const before = log.filter((e) => e.at < answer[0]);
    expect(before.filter((e) => e.type === 'transcribe')).toHaveLength(1);
    expect(before.filter((e) => e.type === 'transcript')).toEqual([expect.objectContaining({ role: 'user', text: QUESTION })]);
    const [first] = await received();
    expect(first).toMatchObject({ filename: 'utterance.webm', type: 'audio/webm', model: 'whisper-1' });

    // The recording is the question, whole: its start not clipped, its end found.
    const span = await loudSpan(page, 0);
    const spoken = wav.loudSeconds[1]!;
    expect(span.type).toMatch(/^audio\/webm/);
    expect(span.ticket).toBe(true);
    expect(span.first).toBeGreaterThan(0.05);
    expect(span.last - span.first).toBeGreaterThan(spoken - 0.2);
    expect(span.last - span.first).toBeLessThan(spoken + 0.3);
    expect(span.duration).toBeLessThan(wav.seconds[1]! + 2.5);

    // While the avatar talked (long enough for the looping question to play over it), nothing
    // listened and nothing was sent; afterwards it listened again and heard the next turn.
    expect(answer[1] - answer[0]).toBeGreaterThan((wav.seconds[0]! + wav.seconds[1]! + wav.seconds[2]!) * 1000);
    for (const [start, end] of speakingIntervals(log)) {
      const during = log.filter((e) => e.at > start && e.at < end);
      expect(during.filter((e) => e.type === 'transcribe')).toEqual([]);
      expect(during.filter((e) => e.type === 'listening' && e.listening)).toEqual([]);
    }
    expect(log.filter((e) => e.type === 'state' && e.state === 'speaking').every((e) => e.type === 'state' && !e.listening)).toBe(true);
    expect(log.some((e) => e.type === 'listening' && e.listening && e.at > answer[1])).toBe(true);
    expect(log.filter((e) => e.type === 'interrupt')).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('with barge-in, the visitor speaking over the answer interrupts the avatar and is the next turn', { timeout: 120_000 }, async () => {
    await script(5);
    const { page, errors } = await talkingPage('barge-in');
    const log = await waitForLog(page, (events) => {
      const interrupted = events.find((e) => e.type === 'interrupt');
      return interrupted !== undefined && events.some((e) => e.type === 'transcribe' && e.at > interrupted.at);
    });
    const [answer] = speakingIntervals(log) as [[number, number]];
    const interrupt = log.find((e) => e.type === 'interrupt')!;
    expect(interrupt).toMatchObject({ result: true });
    // Said over the answer, which then stopped: the simulator cut its utterance short.
    expect(interrupt.at).toBeGreaterThan(answer[0]);
    expect(answer[1]).toBeLessThanOrEqual(interrupt.at);
    expect(log.filter((e) => e.type === 'transcribe' && e.at > answer[0])).not.toEqual([]);
    expect(errors).toEqual([]);
  });

  it('in model mode, barge-in stops the model’s answer at the broker: the rest is never said', { timeout: 120_000 }, async () => {
    await script(5);
    const { page, errors } = await talkingPage('barge-in brain="model"', MODEL_CONTEXT);
    const log = await waitForLog(page, (events) => events.some((e) => e.type === 'interrupt') && events.some((e) => e.type === 'transcript' && e.role === 'avatar'));
    const interrupt = log.find((e) => e.type === 'interrupt');
    expect(interrupt).toMatchObject({ result: true });
    // The broker had the second sentence still to send: the interrupt dropped it.
    expect(await page.evaluate(() => (window as unknown as { interrupts: unknown[] }).interrupts)).toEqual([{ ok: true, interrupted: true }]);
    const said = log.filter((e) => e.type === 'transcript' && e.role === 'avatar').map((e) => (e.type === 'transcript' ? e.text : ''));
    expect(said.join(' ')).toContain('We ship to Canada');
    expect(said.join(' ')).not.toContain('five working days');
    expect(errors).toEqual([]);
  });
});
