import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import '../index';
import { FakeBroker } from '../test/fake-broker';
import { FakeTransports } from '../test/fake-transport';
import { A2eAvatar } from './a2e-avatar';

/**
 * What other engines showed (e2e/engines): the language a browser reports, the first cause of a
 * failure, and the Agora codec Safari needs.
 */
describe('<a2e-avatar> across engines', () => {
  let broker: FakeBroker;
  let transports: FakeTransports;
  let el: A2eAvatar;

  beforeEach(() => {
    broker = new FakeBroker();
    transports = new FakeTransports();
    A2eAvatar.sessionDeps = { fetch: broker.fetch, loadTransport: transports.load };
  });
  afterEach(async () => {
    await el?.disconnect();
    el?.remove();
    document.documentElement.removeAttribute('lang');
  });

  function mount(language?: string, attributes: Record<string, string> = {}): A2eAvatar {
    el = document.createElement('a2e-avatar');
    el.setAttribute('server', broker.server);
    el.setAttribute('avatar-id', 'ava');
    if (language !== undefined) el.setAttribute('language', language);
    for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
    document.body.append(el);
    return el;
  }

  const sentLanguage = () => (broker.callsTo('POST /v1/sessions')[0]!.body as { language?: string }).language;

  it('sends a valid tag from the attribute, the page or the browser', async () => {
    await mount('pt_BR').connect();
    expect(sentLanguage()).toBe('pt-BR');
  });

  it('never sends a locale that is not a language tag ("C"), falling back to the next source', async () => {
    document.documentElement.setAttribute('lang', 'C');
    await mount('C').connect();
    const fromBrowser = navigator.languages[0] ?? navigator.language;
    expect(sentLanguage()).toBe(fromBrowser ? Intl.getCanonicalLocales(fromBrowser)[0] : undefined);
    expect(el.state).toBe('connected');
  });

  it('keeps showing the first cause of a failed connect, not a later "not connected"', async () => {
    broker.on('POST /v1/sessions', () =>
      new Response(JSON.stringify({ error: { code: 'bad_request', message: 'avatarId: Invalid avatar id', requestId: 'r1' } }), {
        status: 400,
        headers: { 'content-type': 'application/json' },
      }),
    );
    await mount().connect().catch(() => {});
    await el.ask('hello?').catch(() => {});
    await el.updateComplete;
    expect(el.state).toBe('error');
    expect(el.shadowRoot!.querySelector('[part~="error"]')!.textContent).toContain('Invalid avatar id');
  });

  it('hands the codec attribute to the transport, and leaves the default to it otherwise', async () => {
    await mount(undefined, { codec: 'vp9' }).connect();
    expect(transports.last.joinOptions!.codec).toBe('vp9');
    await el.disconnect();
    el.setAttribute('codec', 'nonsense');
    await el.connect();
    expect(transports.last.joinOptions!.codec).toBeUndefined();
  });
});
