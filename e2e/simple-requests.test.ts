import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { callElement, eventLog, waitForState } from './load/widget-host';
import { useProxiedWidgetRig } from './support/proxied-widget-rig';

/**
 * Every call the widget makes to the broker is a CORS "simple" request, so a page on another
 * origin pays no preflight round trip: counted where it matters, at the broker (a proxy in front
 * of the Worker sees every request that reaches it), over a whole conversation in Chromium.
 */
describe('the widget on a cross-origin page sends the broker no CORS preflight', () => {
  // A short idle limit makes the widget's heartbeat come every 2 s, so a conversation sees one.
  const rig = useProxiedWidgetRig({ SESSION_IDLE_SECONDS: '6', SESSION_SECRET: 'simple-requests-secret' });

  /** Waits until the broker has seen `route`, keeping the visitor active meanwhile (the mouse moves). */
  async function untilSeen(page: Page, route: string): Promise<void> {
    const deadline = Date.now() + 20_000;
    for (let x = 10; !rig.proxy.seen.includes(route); x = (x % 200) + 10) {
      if (Date.now() > deadline) throw new Error(`the broker never saw ${route}; it saw ${rig.proxy.seen.join(', ')}`);
      await page.mouse.move(x, 20);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it('over connect, ask, speak, a context change, a heartbeat and hang-up', async () => {
    const context = await rig.newContext();
    // The embed the README shows: the script and the broker on the Worker's origin, the page on its own.
    const page = await rig.host.open(context, rig.proxy.url, rig.avatarId, 'context="We open at nine."');
    expect(await callElement(page, 'connect')).toEqual({ ok: true });
    await waitForState(page, ['connected', 'speaking']);
    expect(await callElement(page, 'ask', 'When do you open?')).toEqual({ ok: true });
    expect(await callElement(page, 'speak', 'Welcome to the shop.')).toEqual({ ok: true });
    await page.evaluate(() => ((document.querySelector('a2e-avatar') as unknown as { context: string }).context = 'We open at ten.'));
    await untilSeen(page, 'POST /v1/sessions/:id/context');
    await untilSeen(page, 'POST /v1/sessions/:id/heartbeat');
    expect(await callElement(page, 'disconnect')).toEqual({ ok: true });
    await untilSeen(page, 'POST /v1/sessions/:id/leave');

    expect((await eventLog(page)).filter((event) => event.type === 'error')).toEqual([]);
    expect(rig.proxy.seen).toEqual(
      expect.arrayContaining([
        'GET /a2e-avatar.js',
        'GET /v1/avatars',
        'POST /v1/sessions',
        'POST /v1/sessions/:id/ask',
        'POST /v1/sessions/:id/speak',
      ]),
    );
    expect(rig.proxy.seen.filter((route) => route.startsWith('OPTIONS '))).toEqual([]);
    expect(rig.proxy.seen.filter((route) => route.startsWith('PUT '))).toEqual([]);
  });

  it('nor when the page goes away and its beacon ends the session', async () => {
    const context = await rig.newContext();
    const page = await rig.host.open(context, rig.proxy.url, rig.avatarId);
    expect(await callElement(page, 'connect')).toEqual({ ok: true });
    await page.close({ runBeforeUnload: true });
    const deadline = Date.now() + 20_000;
    while (!rig.proxy.seen.includes('POST /v1/sessions/:id/leave') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(rig.proxy.seen).toContain('POST /v1/sessions/:id/leave');
    expect(rig.proxy.seen.filter((route) => route.startsWith('OPTIONS '))).toEqual([]);
  });

  it('(a call with a header would be preflighted through the same proxy, so the zero above is real)', async () => {
    const context = await rig.newContext();
    const page = await rig.host.open(context, rig.proxy.url, rig.avatarId, 'preload="none"');
    rig.proxy.reset();
    await page.evaluate(async (server) => {
      await fetch(`${server}/v1/sessions/none/heartbeat`, { method: 'POST', headers: { authorization: 'Bearer x' } });
    }, rig.proxy.url);
    const sessionCalls = rig.proxy.seen.filter((route) => route.includes('/v1/sessions'));
    expect(sessionCalls).toEqual(['OPTIONS /v1/sessions/:id/heartbeat', 'POST /v1/sessions/:id/heartbeat']);
  });
});
