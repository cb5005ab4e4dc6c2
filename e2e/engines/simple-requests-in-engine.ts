import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AvatarsReply } from '../../protocol/broker-api';
import { startBrokerProxy, type BrokerProxy } from '../broker-proxy';
import { startWidgetPageServer, type WidgetPageServer } from '../widget-page';
import { startWorker, type RunningWorker } from '../worker-server';
import type { EngineBrowser, EnginePage } from './engine.ts';
import { wantedEngines, type EngineName } from './engine-executables.ts';
import { hostPage, widgetStatus } from './engine-pages.ts';
import { launchEngine } from './launch-engine.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Every call the widget makes to the broker is a CORS "simple" request in this engine too: over a
 * whole conversation from a page on another origin, no OPTIONS reaches the broker (a proxy in
 * front of the Worker sees every request that does).
 */
export function describeSimpleRequestsInEngine(name: EngineName): void {
  describe.skipIf(!wantedEngines().includes(name))(`<a2e-avatar> in ${name} sends the broker no CORS preflight`, () => {
    let site: WidgetPageServer;
    let worker: RunningWorker;
    let proxy: BrokerProxy;
    let engine: EngineBrowser;
    let avatarId: string;
    let page: EnginePage | undefined;

    beforeAll(async () => {
      site = await startWidgetPageServer(`${root}dist/site`);
      // A short idle limit makes the heartbeat come every 2 s, so the conversation sees one.
      [worker, engine] = await Promise.all([
        startWorker({ ALLOWED_ORIGINS: site.origin, SESSION_IDLE_SECONDS: '6', SESSION_SECRET: `simple-requests-${name}` }),
        launchEngine(name),
      ]);
      proxy = await startBrokerProxy(worker.url);
      const catalogue = (await (await fetch(`${worker.url}/v1/avatars`)).json()) as AvatarsReply;
      avatarId = catalogue.avatars[0]!.id;
    });
    afterAll(async () => {
      await engine?.close();
      await proxy?.close();
      await worker?.stop();
      await site?.close();
    });
    afterEach(async () => {
      await page?.close().catch(() => undefined);
      page = undefined;
    });

    async function until(what: string, check: () => boolean | Promise<boolean>, timeout = 20_000): Promise<void> {
      const deadline = Date.now() + timeout;
      while (!(await check())) {
        if (Date.now() > deadline) {
          // What the page was doing, so a run that waits in vain says why (ended session, hidden page).
          const status = await page?.evaluate(widgetStatus, 'a2e-avatar').catch(() => undefined);
          const visibility = await page?.evaluate(() => document.visibilityState).catch(() => undefined);
          const widget = status ? `; the widget was ${status.state}, the page ${visibility}, its events ${JSON.stringify(status.log.slice(-5))}` : '';
          throw new Error(`${name}: waited for ${what}; the broker saw ${proxy.seen.join(', ')}${widget}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }

    async function connectedPage(): Promise<EnginePage> {
      proxy.reset();
      site.html = hostPage(proxy.url, avatarId, 'auto-connect context="We open at nine."');
      page = await engine.newPage();
      await page.goto(`${site.origin}/`);
      await until('connected', async () => (await page!.evaluate(widgetStatus, 'a2e-avatar')).state === 'connected');
      // The visitor is there: pointer moves, so the widget's idle end never comes mid-test.
      await page.evaluate(() => void setInterval(() => document.dispatchEvent(new Event('pointermove')), 300));
      return page;
    }

    const preflights = () => proxy.seen.filter((route) => route.startsWith('OPTIONS '));

    it('over a conversation: start, ask, speak, a context change, a heartbeat and hang-up', async () => {
      const page = await connectedPage();
      await page.evaluate(async () => {
        const el = document.querySelector('a2e-avatar') as HTMLElement & { ask(q: string): Promise<void>; speak(t: string): Promise<void>; context: string };
        await el.ask('When do you open?');
        await el.speak('Welcome to the shop.');
        el.context = 'We open at ten.';
      });
      await until('the context change', () => proxy.seen.includes('POST /v1/sessions/:id/context'));
      await until('a heartbeat', () => proxy.seen.includes('POST /v1/sessions/:id/heartbeat'));
      await page.evaluate(() => (document.querySelector('a2e-avatar') as HTMLElement & { disconnect(): Promise<void> }).disconnect());
      await until('the leave', () => proxy.seen.includes('POST /v1/sessions/:id/leave'));

      const errors = (await page.evaluate(widgetStatus, 'a2e-avatar')).log.filter((e) => e.type === 'a2e-error' && e.code !== 'autoplay_blocked');
      expect(errors).toEqual([]);
      expect(proxy.seen).toEqual(expect.arrayContaining(['GET /v1/avatars', 'POST /v1/sessions', 'POST /v1/sessions/:id/ask', 'POST /v1/sessions/:id/speak']));
      expect(preflights()).toEqual([]);
    });

    it('nor when the visitor leaves the page and its beacon ends the session', async () => {
      const page = await connectedPage();
      await page.goto('about:blank');
      await until('the beacon', () => proxy.seen.includes('POST /v1/sessions/:id/leave'));
      expect(preflights()).toEqual([]);
    });

    it('(the same engine does preflight a call with a header through this proxy, so the zero above is real)', async () => {
      site.html = '<!doctype html><title>control</title>';
      page = await engine.newPage();
      await page.goto(`${site.origin}/`);
      proxy.reset();
      await page.evaluate(async (server) => {
        await fetch(`${server}/v1/sessions/none/heartbeat`, { method: 'POST', headers: { authorization: 'Bearer x' } }).catch(() => undefined);
      }, proxy.url);
      expect(preflights()).toEqual(['OPTIONS /v1/sessions/:id/heartbeat']);
    });
  });
}
