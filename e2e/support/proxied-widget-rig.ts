import type { Browser, BrowserContext, BrowserContextOptions } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { launchChromium } from '../browser';
import { startBrokerProxy, type BrokerProxy } from '../broker-proxy';
import { startWorker, type RunningWorker } from '../worker-server';
import { startWidgetHost, type WidgetHost } from '../load/widget-host';
import { firstAvatarId } from '../load/visitor';

/** What a suite gets: a Worker behind a counting proxy, a customer's page host, Chromium, and an avatar. */
export interface ProxiedWidgetRig {
  readonly worker: RunningWorker;
  readonly proxy: BrokerProxy;
  readonly host: WidgetHost;
  readonly browser: Browser;
  readonly avatarId: string;
  /** A fresh browser context with the proxy's count reset; closed after the test. */
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
}

/**
 * Starts, for the suite that calls it, `wrangler dev` with `vars` (the page host's origin allowed)
 * behind a proxy that counts what reaches the broker, a page host on another origin, and Chromium;
 * and stops them all after it.
 */
export function useProxiedWidgetRig(vars: Record<string, string>): ProxiedWidgetRig {
  const parts: { -readonly [K in Exclude<keyof ProxiedWidgetRig, 'newContext'>]?: ProxiedWidgetRig[K] } = {};
  let context: BrowserContext | undefined;
  const part = <K extends keyof typeof parts>(name: K) => {
    const value = parts[name];
    if (!value) throw new Error(`the rig's ${name} is not started (use it inside a test)`);
    return value as NonNullable<(typeof parts)[K]>;
  };

  beforeAll(async () => {
    parts.host = await startWidgetHost();
    parts.worker = await startWorker({ ALLOWED_ORIGINS: parts.host.origin, ...vars });
    parts.proxy = await startBrokerProxy(parts.worker.url);
    parts.browser = await launchChromium();
    parts.avatarId = await firstAvatarId({ url: parts.worker.url, origin: parts.host.origin });
  });
  afterAll(async () => {
    await parts.browser?.close();
    await parts.proxy?.close();
    await parts.worker?.stop();
    await parts.host?.close();
  });
  afterEach(async () => {
    await context?.close();
    context = undefined;
  });

  return {
    get worker() {
      return part('worker');
    },
    get proxy() {
      return part('proxy');
    },
    get host() {
      return part('host');
    },
    get browser() {
      return part('browser');
    },
    get avatarId() {
      return part('avatarId');
    },
    async newContext(options) {
      context = await part('browser').newContext(options);
      part('proxy').reset();
      return context;
    },
  };
}
