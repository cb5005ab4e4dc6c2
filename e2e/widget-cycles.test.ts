import { rmSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AvatarsReply } from '../protocol/broker-api';
import { collectPageErrors, launchChromium } from './browser';
import { buildWidget, modulePage, startWidgetPageServer, type WidgetPageServer } from './widget-page';
import { startWorker, type RunningWorker } from './worker-server';

const CYCLES = 50;

/**
 * Counts what the page opens, before the widget loads: every WebSocket, AudioContext and
 * window / document listener, so the test can tell what a conversation leaves behind.
 */
function instrument(): void {
  const w = window as unknown as Record<string, unknown>;
  const sockets: WebSocket[] = [];
  const audio: AudioContext[] = [];
  const listeners = new Map<string, number>();
  w.a2eLeaks = { sockets, audio, listeners };
  const NativeSocket = WebSocket;
  w.WebSocket = class extends NativeSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      sockets.push(this);
    }
  };
  const NativeAudio = AudioContext;
  w.AudioContext = class extends NativeAudio {
    constructor(options?: AudioContextOptions) {
      super(options);
      audio.push(this);
    }
  };
  const ids = new WeakMap<object, number>();
  let next = 0;
  const key = (target: EventTarget, type: string, fn: unknown, options?: boolean | EventListenerOptions) => {
    if (!ids.has(fn as object)) ids.set(fn as object, next++);
    const capture = typeof options === 'boolean' ? options : !!options?.capture;
    return `${target === window ? 'window' : 'document'}|${type}|${ids.get(fn as object)}|${capture}`;
  };
  for (const target of [window, document] as EventTarget[]) {
    const add = target.addEventListener.bind(target);
    const remove = target.removeEventListener.bind(target);
    target.addEventListener = (type: string, fn: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions) => {
      if (fn) listeners.set(key(target, type, fn, options), 1);
      add(type, fn, options);
    };
    target.removeEventListener = (type: string, fn: EventListenerOrEventListenerObject | null, options?: boolean | EventListenerOptions) => {
      if (fn) listeners.delete(key(target, type, fn, options));
      remove(type, fn, options);
    };
  }
}

describe('<a2e-avatar> connect / disconnect cycles', () => {
  let worker: RunningWorker;
  let browser: Browser;
  let site: WidgetPageServer;
  let widgetDir: string;

  beforeAll(async () => {
    widgetDir = buildWidget();
    [worker, browser, site] = await Promise.all([startWorker(), launchChromium(), startWidgetPageServer(widgetDir)]);
  });
  afterAll(async () => {
    await browser?.close();
    await worker?.stop();
    await site?.close();
    if (widgetDir) rmSync(widgetDir, { recursive: true, force: true });
  });

  it(`leaves no tracks, sockets, audio contexts or listeners behind after ${CYCLES} cycles`, { timeout: 300_000 }, async () => {
    const catalogue = (await (await fetch(`${worker.url}/v1/avatars`)).json()) as AvatarsReply;
    site.html = modulePage(worker.url, catalogue.avatars[0]!.id, 'no-controls');
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const errors = collectPageErrors(page);
      await page.addInitScript(instrument);
      await page.goto(`${site.origin}/`);
      await page.waitForFunction(() => customElements.get('a2e-avatar') !== undefined);

      const result = await page.evaluate(async (cycles) => {
        const el = document.querySelector('a2e-avatar')!;
        const leaks = (window as unknown as { a2eLeaks: { sockets: WebSocket[]; audio: AudioContext[]; listeners: Map<string, number> } }).a2eLeaks;
        const baseline = [...leaks.listeners.keys()];
        const tracks: MediaStreamTrack[] = [];
        let cyclesWithMedia = 0;
        const otherErrors: string[] = [];
        for (let done = 0; done < cycles; ) {
          try {
            await el.connect();
          } catch (err) {
            otherErrors.push(`${(err as { code?: string }).code}: ${(err as Error).message}`);
            break;
          }
          const video = el.shadowRoot!.querySelector('video')!;
          await new Promise((resolve) => setTimeout(resolve, 50));
          const cycleTracks = (video.srcObject as MediaStream | null)?.getTracks() ?? [];
          if (cycleTracks.length > 0) cyclesWithMedia++;
          tracks.push(...cycleTracks);
          await el.disconnect();
          if (el.state !== 'disconnected') otherErrors.push(`state after disconnect: ${el.state}`);
          done++;
        }
        // Closing a socket or an AudioContext completes asynchronously.
        for (let i = 0; i < 50; i++) {
          if (leaks.sockets.every((s) => s.readyState === WebSocket.CLOSED) && leaks.audio.every((a) => a.state === 'closed')) break;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        const now = [...leaks.listeners.keys()];
        return {
          otherErrors,
          cyclesWithMedia,
          tracks: tracks.length,
          liveTracks: tracks.filter((t) => t.readyState !== 'ended').length,
          sockets: leaks.sockets.length,
          openSockets: leaks.sockets.filter((s) => s.readyState !== WebSocket.CLOSED).length,
          audioContexts: leaks.audio.length,
          openAudioContexts: leaks.audio.filter((a) => a.state !== 'closed').length,
          addedListeners: now.filter((k) => !baseline.includes(k)),
          videoSource: el.shadowRoot!.querySelector('video')!.srcObject,
        };
      }, CYCLES);

      expect(result.otherErrors).toEqual([]);
      expect(result.cyclesWithMedia).toBe(CYCLES);
      // Each cycle had real media and real sockets, and every one of them was released.
      expect(result.tracks).toBeGreaterThanOrEqual(CYCLES);
      expect(result.liveTracks).toBe(0);
      expect(result.sockets).toBeGreaterThanOrEqual(CYCLES);
      expect(result.openSockets).toBe(0);
      expect(result.openAudioContexts).toBe(0);
      expect(result.addedListeners).toEqual([]);
      expect(result.videoSource).toBeNull();
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
