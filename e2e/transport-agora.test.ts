import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectPageErrors, launchChromium } from './browser';
import { startWorker, type RunningWorker } from './worker-server';

/**
 * The built Agora transport (dist/site/transports/agora-transport.js, served by the Worker) with
 * the real Agora SDK in Chromium and no network: the SDK is a separate chunk fetched only when a
 * transport is made, and a join that cannot reach Agora ends with `join_timeout` at the bound
 * instead of the SDK's minutes of silent retries.
 */
interface PageWindow {
  AgoraTransport: new () => { join(rtc: unknown, options: unknown): Promise<void>; leave(): Promise<void> };
}

describe('agora transport, as built, with the real SDK and no network', () => {
  let worker: RunningWorker;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    [worker, browser] = await Promise.all([startWorker(), launchChromium()]);
    page = await browser.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await worker?.stop();
  });

  it('loads the SDK chunk only for a session, and bounds the join with join_timeout', async () => {
    const errors = collectPageErrors(page);
    const transportFiles: string[] = [];
    page.on('request', (request) => {
      const path = new URL(request.url()).pathname;
      if (path.startsWith('/transports/')) transportFiles.push(path);
    });
    await page.goto(`${worker.url}/health`);
    // A module script, as the element loads it (import() inside evaluate would be rewritten by vitest).
    await page.addScriptTag({
      type: 'module',
      content: "import { AgoraTransport } from '/transports/agora-transport.js'; window.AgoraTransport = AgoraTransport;",
    });
    await page.waitForFunction(() => 'AgoraTransport' in window);
    const isSdk = (path: string) => /AgoraRTC/.test(path);
    expect(transportFiles.filter(isSdk)).toEqual([]);

    const outcome = await page.evaluate(async () => {
      const transport = new (window as unknown as PageWindow).AgoraTransport();
      const ended: string[] = [];
      const noop = () => undefined;
      const rtc = { transport: 'agora', appId: '0123456789abcdef0123456789abcdef', channel: 'no-network', token: '007eJxTYBBb', uid: 4242 };
      try {
        await transport.join(rtc, {
          server: location.origin,
          joinTimeoutMs: 3_000,
          events: { stream: noop, speaking: noop, connection: noop, ended: (reason: string) => ended.push(reason) },
        });
        return { joined: true };
      } catch (err) {
        await transport.leave();
        return { joined: false, name: (err as Error).name, code: (err as { code?: string }).code, message: (err as Error).message, ended };
      }
    });
    expect(outcome).toMatchObject({ joined: false, name: 'TransportError', code: 'join_timeout', ended: [] });
    expect((outcome as { message: string }).message).toMatch(/network/i);
    expect(transportFiles.filter(isSdk)).toHaveLength(1);
    expect(errors).toEqual([]);
  });
});
