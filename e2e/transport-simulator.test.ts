import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AvatarsReply, CreateSessionReply } from '../protocol/broker-api';
import { collectPageErrors, launchChromium } from './browser';
import { startWorker, type RunningWorker } from './worker-server';

/**
 * The built simulator transport (dist/site/transports/simulator-transport.js, served by the
 * Worker) in Chromium, against the simulator's real room (a Durable Object behind `wrangler
 * dev`): join, the drawn face moving while the avatar speaks what the broker was told, the
 * room's drop fault and the transport's reconnect, interrupt, the room closing, and leave.
 */

/** What the page records of the transport's events, in order. */
type Logged =
  | { event: 'stream'; video: number; audio: number }
  | { event: 'firstFrame' }
  | { event: 'speaking'; value: boolean }
  | { event: 'avatarText'; text: string }
  | { event: 'connection'; state: string }
  | { event: 'ended'; reason: string; message?: string };

interface PageWindow {
  SimulatorTransport: new () => PageWindow['transport'];
  transport: { join(rtc: unknown, options: unknown): Promise<void>; interrupt(): Promise<boolean>; leave(): Promise<void> };
  stream: MediaStream | undefined;
  transportLog: Logged[];
}

describe('simulator transport against the real room', () => {
  let worker: RunningWorker;
  let browser: Browser;
  let avatarId: string;
  let page: Page;
  let errors: Error[];

  beforeAll(async () => {
    // A fixed secret keeps tickets valid if wrangler dev reloads the Worker mid-run (a rebuild of
    // dist/ does that); the random per-start default would not.
    [worker, browser] = await Promise.all([startWorker({ SESSION_SECRET: 'e2e-transport-session-secret' }), launchChromium()]);
    const catalogue = (await (await fetch(`${worker.url}/v1/avatars`)).json()) as AvatarsReply;
    expect(catalogue.transport).toBe('simulator');
    avatarId = catalogue.avatars[0]!.id;
  });
  afterAll(async () => {
    await browser?.close();
    await worker?.stop();
  });
  afterEach(async () => {
    await page?.context().close();
  });

  /** A page on the Worker's origin (always allowed to start sessions) with a fresh session. */
  async function openSession(): Promise<CreateSessionReply> {
    const context = await browser.newContext();
    page = await context.newPage();
    errors = collectPageErrors(page);
    await page.goto(`${worker.url}/health`);
    return page.evaluate(async (avatar) => {
      const res = await fetch('/v1/sessions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ avatarId: avatar }) });
      if (res.status !== 201) throw new Error(`POST /v1/sessions answered ${res.status}: ${await res.text()}`);
      return res.json() as Promise<CreateSessionReply>;
    }, avatarId);
  }

  /** The built module, as the element loads it (a module script: import() in evaluate would be rewritten by vitest). */
  async function loadTransportModule(): Promise<void> {
    await page.addScriptTag({
      type: 'module',
      content: "import { SimulatorTransport } from '/transports/simulator-transport.js'; window.SimulatorTransport = SimulatorTransport;",
    });
    await page.waitForFunction(() => 'SimulatorTransport' in window);
  }

  /** Loads the built transport module into the page and joins the session's room with it. */
  async function join(session: CreateSessionReply): Promise<void> {
    await loadTransportModule();
    await page.evaluate(async (rtc) => {
      const w = window as unknown as PageWindow;
      const SimulatorTransport = w.SimulatorTransport;
      w.transportLog = [];
      const log = (entry: Logged) => w.transportLog.push(entry);
      w.transport = new SimulatorTransport();
      await w.transport.join(rtc, {
        server: location.origin,
        joinTimeoutMs: 10_000,
        events: {
          stream: (stream: MediaStream) => {
            w.stream = stream;
            const video = document.createElement('video');
            video.id = 'avatar';
            video.muted = true;
            video.playsInline = true;
            video.srcObject = stream;
            document.body.append(video);
            void video.play();
            log({ event: 'stream', video: stream.getVideoTracks().length, audio: stream.getAudioTracks().length });
          },
          firstFrame: () => log({ event: 'firstFrame' }),
          speaking: (value: boolean) => log({ event: 'speaking', value }),
          avatarText: (text: string) => log({ event: 'avatarText', text }),
          connection: (state: string) => log({ event: 'connection', state }),
          ended: (reason: string, message?: string) => log({ event: 'ended', reason, ...(message ? { message } : {}) }),
        },
      });
    }, session.rtc);
  }

  const transportLog = () => page.evaluate(() => (window as unknown as PageWindow).transportLog);
  const events = async (name: Logged['event']) => (await transportLog()).filter((entry) => entry.event === name);

  async function waitForLog(predicate: (log: Logged[]) => boolean, timeout = 15_000): Promise<Logged[]> {
    const deadline = Date.now() + timeout;
    for (;;) {
      const log = await transportLog();
      if (predicate(log)) return log;
      if (Date.now() > deadline) throw new Error(`the transport log never matched; it is ${JSON.stringify(log)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  function brokerCall(session: CreateSessionReply, action: 'speak' | 'leave', body: unknown): Promise<Response> {
    return fetch(`${worker.url}/v1/sessions/${session.sessionId}/${action}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${session.ticket}`, 'content-type': 'application/json', origin: worker.url },
      body: JSON.stringify(body),
    });
  }

  /** The pixels of the face's mouth area as the page's <video> shows them now. */
  const mouthPixels = () =>
    page.evaluate(async () => {
      const video = document.getElementById('avatar') as HTMLVideoElement;
      if (video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA) await new Promise((resolve) => video.addEventListener('loadeddata', resolve, { once: true }));
      const canvas = document.createElement('canvas');
      canvas.width = canvas.height = 512;
      const context = canvas.getContext('2d')!;
      context.drawImage(video, 0, 0, 512, 512);
      return Array.from(context.getImageData(192, 260, 128, 90).data);
    });
  const differs = (a: number[], b: number[]) => a.some((value, index) => Math.abs(value - b[index]!) > 40);

  it('joins, shows a moving face while the avatar says what the broker was told, and leaves clean', async () => {
    const session = await openSession();
    expect(session.rtc.transport).toBe('simulator');
    await join(session);
    expect(await events('stream')).toEqual([{ event: 'stream', video: 1, audio: 1 }]);
    await waitForLog((log) => log.some((entry) => entry.event === 'firstFrame'));
    const idle = await mouthPixels();

    // About ten seconds of speech: time enough to watch the face on a busy machine.
    const text = 'Welcome to the shop. I can help you find the right size and colour today, and if you like, I can also tell you about delivery and returns.';
    const said = await brokerCall(session, 'speak', { text });
    expect(said.status, await said.clone().text()).toBe(200);
    await waitForLog((log) => log.some((entry) => entry.event === 'avatarText'));
    expect(await events('avatarText')).toEqual([{ event: 'avatarText', text }]);
    expect(await events('speaking')).toEqual([{ event: 'speaking', value: true }]);

    // While it speaks, the mouth differs from the idle face and keeps changing between samples.
    let previous = await mouthPixels();
    let unlikeIdle = differs(previous, idle);
    let changing = false;
    for (let i = 0; i < 40 && !(unlikeIdle && changing); i++) {
      await new Promise((resolve) => setTimeout(resolve, 60));
      const frame = await mouthPixels();
      unlikeIdle ||= differs(frame, idle);
      changing ||= differs(frame, previous);
      previous = frame;
    }
    expect({ unlikeIdle, changing }).toEqual({ unlikeIdle: true, changing: true });
    await waitForLog((log) => log.filter((entry) => entry.event === 'speaking').length === 2, 30_000);
    expect(await events('speaking')).toEqual([
      { event: 'speaking', value: true },
      { event: 'speaking', value: false },
    ]);

    const states = await page.evaluate(async () => {
      const w = window as unknown as PageWindow;
      await w.transport.leave();
      return w.stream!.getTracks().map((track) => track.readyState);
    });
    expect(states).toEqual(['ended', 'ended']);
    // With the socket closed, what the avatar says next no longer reaches this page.
    expect((await brokerCall(session, 'speak', { text: 'Anyone there?' })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await events('avatarText')).toHaveLength(1);
    expect(await events('ended')).toEqual([]);
    expect(errors).toEqual([]);
    await brokerCall(session, 'leave', {});
  }, 120_000);

  it('rides out a dropped room socket: reconnecting, then connected, then speaks again', async () => {
    const session = await openSession();
    await join(session);
    const drop = await fetch(`${worker.url}/sim/rooms/${encodeURIComponent(session.rtc.channel)}/drop`, { method: 'POST' });
    expect(drop.status).toBe(200);
    expect(((await drop.json()) as { dropped: number }).dropped).toBe(1);
    await waitForLog((log) => log.filter((entry) => entry.event === 'connection').length === 2);
    expect(await events('connection')).toEqual([
      { event: 'connection', state: 'reconnecting' },
      { event: 'connection', state: 'connected' },
    ]);
    expect(await events('stream')).toHaveLength(1);

    expect((await brokerCall(session, 'speak', { text: 'Still here.' })).status).toBe(200);
    await waitForLog((log) => log.some((entry) => entry.event === 'avatarText'));
    expect(await events('avatarText')).toEqual([{ event: 'avatarText', text: 'Still here.' }]);
    expect(await events('ended')).toEqual([]);
    expect(errors).toEqual([]);
    await page.evaluate(() => (window as unknown as PageWindow).transport.leave());
    await brokerCall(session, 'leave', {});
  });

  it('cuts the avatar short on interrupt', async () => {
    const session = await openSession();
    await join(session);
    const long = Array.from({ length: 60 }, () => 'word').join(' '); // about 24 s of speech
    expect((await brokerCall(session, 'speak', { text: long })).status).toBe(200);
    await waitForLog((log) => log.some((entry) => entry.event === 'speaking' && entry.value));
    expect(await page.evaluate(() => (window as unknown as PageWindow).transport.interrupt())).toBe(true);
    await waitForLog((log) => log.some((entry) => entry.event === 'speaking' && !entry.value), 5_000);
    await page.evaluate(() => (window as unknown as PageWindow).transport.leave());
    await brokerCall(session, 'leave', {});
  });

  it('ends when the session is closed at the broker, releasing its media', async () => {
    const session = await openSession();
    await join(session);
    expect((await brokerCall(session, 'leave', {})).status).toBe(200);
    const log = await waitForLog((entries) => entries.some((entry) => entry.event === 'ended'));
    expect(log.filter((entry) => entry.event === 'ended').map((entry) => (entry as { reason: string }).reason)).toEqual(['upstream']);
    const states = await page.evaluate(() => (window as unknown as PageWindow).stream!.getTracks().map((track) => track.readyState));
    expect(states).toEqual(['ended', 'ended']);
    expect(await events('connection')).toEqual([]);
  });

  it('fails the join with join_failed when the room refuses the credentials', async () => {
    const session = await openSession();
    const forged = { ...session.rtc, roomUrl: session.rtc.transport === 'simulator' ? session.rtc.roomUrl.replace(/token=[^&]+/, 'token=forged') : '' };
    await loadTransportModule();
    const error = await page.evaluate(async (rtc) => {
      const SimulatorTransport = (window as unknown as PageWindow).SimulatorTransport;
      const noop = () => undefined;
      try {
        await new SimulatorTransport().join(rtc, {
          server: location.origin,
          joinTimeoutMs: 10_000,
          events: { stream: noop, speaking: noop, connection: noop, ended: noop },
        });
        return undefined;
      } catch (err) {
        return { name: (err as Error).name, code: (err as { code?: string }).code };
      }
    }, forged);
    expect(error).toEqual({ name: 'TransportError', code: 'join_failed' });
    await brokerCall(session, 'leave', {});
  });
});
