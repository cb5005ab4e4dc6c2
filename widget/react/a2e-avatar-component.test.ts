import { createElement, createRef, StrictMode, type ComponentProps, type ReactElement } from 'react';
import { flushSync } from 'react-dom';
import { createRoot, hydrateRoot, type Root } from 'react-dom/client';
import { renderToString } from 'react-dom/server';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { A2eAvatar as A2eAvatarElement } from '../a2e-avatar/a2e-avatar';
import { FakeBroker } from '../test/fake-broker';
import { FakeTransports } from '../test/fake-transport';
import { A2eAvatar } from './index';

let broker: FakeBroker;
let transports: FakeTransports;
let container: HTMLElement;
let root: Root | undefined;

beforeEach(() => {
  broker = new FakeBroker();
  transports = new FakeTransports();
  A2eAvatarElement.sessionDeps = { fetch: broker.fetch, loadTransport: transports.load };
  container = document.createElement('div');
  document.body.append(container);
});

afterEach(() => {
  if (root) flushSync(() => root!.unmount());
  root = undefined;
  container.remove();
});

const avatar = (props: Partial<ComponentProps<typeof A2eAvatar>> = {}) => createElement(A2eAvatar, { server: broker.server, avatarId: 'ava', ...props });

function render(element: ReactElement): void {
  root ??= createRoot(container);
  flushSync(() => root!.render(element));
}

const el = () => container.querySelector('a2e-avatar')!;

describe('<A2eAvatar> (a2e-avatar/react)', () => {
  it('under StrictMode, auto-connect makes one session, onStateChange sees it from its first state, and unmounting ends it', async () => {
    const states: string[] = [];
    render(createElement(StrictMode, null, avatar({ autoConnect: true, onStateChange: (e) => states.push(e.detail.state) })));
    await vi.waitFor(() => expect(el().state).toBe('connected'));
    expect(broker.callsTo('POST /v1/sessions')).toHaveLength(1);
    expect(states).toEqual(['connecting', 'connected']);
    expect(el().autoConnect).toBe(true);

    flushSync(() => root!.unmount());
    root = undefined;
    await vi.waitFor(() => expect(broker.callsTo('POST /v1/sessions/:id/leave')).toHaveLength(1));
    expect(broker.callsTo('POST /v1/sessions')).toHaveLength(1);
    expect(transports.made.every((t) => t.left)).toBe(true);
  });

  it('under StrictMode, an effect that calls connect() on mount (so twice) still makes one session', async () => {
    const ref = createRef<A2eAvatarElement>();
    function Page(): ReactElement {
      return avatar({ ref });
    }
    render(createElement(StrictMode, null, createElement(Page)));
    // What a user's useEffect(() => { ref.current.connect() }, []) does under StrictMode.
    void ref.current!.connect();
    void ref.current!.connect();
    await vi.waitFor(() => expect(el().state).toBe('connected'));
    expect(broker.callsTo('POST /v1/sessions')).toHaveLength(1);
  });

  // React 19 sets what the element has as a property, React 18 writes attributes: either way the
  // element ends up configured. (The server's HTML is the attributes: see the hydration test.)
  it('configures the element from its props, keeps it in step, and sets strings as a property', async () => {
    render(avatar({ context: 'We open at nine.', mode: 'speak', noControls: true, muted: false, joinTimeout: 5000, controls: ['chat', 'mic'], className: 'support', strings: { connect: 'Parler' } }));
    const node = el();
    expect(node.server).toBe(broker.server);
    expect(node.avatarId).toBe('ava');
    expect(node.getAttribute('class')).toBe('support');
    expect(node.muted).toBe(false);
    expect(node.hasAttribute('auto-connect')).toBe(false);
    expect(node.controls).toBe('chat mic');
    expect(node.noControls).toBe(true);
    expect(node.joinTimeout).toBe(5000);
    expect(node.mode).toBe('speak');
    await node.updateComplete;
    expect(node.shadowRoot!.querySelector('[part~="connect-button"]')!.textContent!.trim()).toBe('Parler');

    render(avatar({ context: 'We open at ten.', mode: 'ask', noControls: false, muted: true, joinTimeout: 5000, controls: 'chat mic', strings: { connect: 'Los' } }));
    expect(node.context).toBe('We open at ten.');
    expect(node.mode).toBe('ask');
    expect(node.noControls).toBe(false);
    expect(node.muted).toBe(true);
    await node.updateComplete;
    expect(node.shadowRoot!.querySelector('[part~="connect-button"]')!.textContent!.trim()).toBe('Los');
  });

  it('puts an option back to the element default when its prop goes away', async () => {
    render(avatar({ controls: 'chat', mode: 'speak', joinTimeout: 5000, idleTimeout: 30 }));
    const node = el();
    render(avatar({}));
    await node.updateComplete;
    expect(node.controls).toBe('chat mic mute hangup captions');
    expect(node.mode).toBe('ask');
    expect(node.joinTimeout).toBe(15_000);
    expect(node.idleTimeout).toBeUndefined();
    await node.connect();
    await node.updateComplete;
    expect(node.shadowRoot!.querySelector('[part~="hangup-button"]')).not.toBeNull();
  });

  it('gives a ref to the element and the element typed events to onTranscript and onError', async () => {
    const ref = createRef<A2eAvatarElement>();
    const lines: string[] = [];
    const errors: string[] = [];
    let onTranscript = (e: CustomEvent<{ text: string }>) => lines.push(`first: ${e.detail.text}`);
    const props = () => ({ ref, onTranscript: (e: Parameters<typeof onTranscript>[0]) => onTranscript(e), onError: (e: CustomEvent<{ code: string }>) => errors.push(e.detail.code) });
    render(avatar(props()));
    expect(ref.current).toBe(el());
    await expect(ref.current!.speak('Hello')).rejects.toMatchObject({ code: 'not_connected' });
    expect(errors).toEqual(['not_connected']);

    await ref.current!.connect();
    await ref.current!.speak('Hello there.');
    // A new handler on a later render replaces the old one, with no listener left behind.
    onTranscript = (e) => lines.push(`second: ${e.detail.text}`);
    render(avatar(props()));
    await ref.current!.speak('Bye.');
    expect(lines).toEqual(['first: Hello there.', 'second: Bye.']);
  });

  it('hydrates the server HTML, attributes included, with no mismatch', async () => {
    const element = avatar({ context: 'FAQ', muted: true, idleTimeout: 60 });
    const html = renderToString(element);
    expect(html).toContain(`server="${broker.server}"`);
    expect(html).toContain('avatar-id="ava"');
    container.innerHTML = html;
    const recoverable = vi.fn();
    const consoleError = vi.spyOn(console, 'error');
    root = hydrateRoot(container, element, { onRecoverableError: recoverable });
    await vi.waitFor(() => expect(el().muted).toBe(true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(recoverable).not.toHaveBeenCalled();
    expect(consoleError).not.toHaveBeenCalled();
    expect(el().idleTimeout).toBe(60);
  });
});
