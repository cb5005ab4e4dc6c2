import { LitElement, html } from 'lit';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TransportPreload, type PreloadPolicy } from './preload';

/** A stand-in for the element: a host with a button, the preload controller, and a record of loads. */
class PreloadHost extends LitElement {
  static override properties = { preload: { type: String } };
  preload: PreloadPolicy = 'visible';
  loads: string[] = [];
  kind: Promise<'agora' | 'simulator' | undefined> = Promise.resolve('agora');
  readonly warm = new TransportPreload(this, {
    policy: () => this.preload,
    kind: () => this.kind,
    load: async (kind) => void this.loads.push(kind),
  });
  protected override render() {
    return html`<button>Talk</button>`;
  }
}
customElements.define('preload-test-host', PreloadHost);

let host: PreloadHost | undefined;
afterEach(() => {
  host?.remove();
  host = undefined;
});

function mount(preload: PreloadPolicy, style = ''): PreloadHost {
  host = document.createElement('preload-test-host') as PreloadHost;
  host.preload = preload;
  host.setAttribute('style', `display: block; width: 200px; height: 200px; ${style}`);
  document.body.append(host);
  return host;
}

/** Resolves once the browser has judged the element's visibility and then been idle: when a preload would have run. */
async function settled(el: Element): Promise<void> {
  await new Promise<void>((resolve) => {
    const observer = new IntersectionObserver(() => {
      observer.disconnect();
      resolve();
    });
    observer.observe(el);
  });
  await new Promise<void>((resolve) => requestIdleCallback(() => resolve(), { timeout: 2_000 }));
  await new Promise<void>((resolve) => setTimeout(resolve, 0));
}

describe('TransportPreload', () => {
  it('visible (the default): loads the broker’s transport once the element is on screen', async () => {
    const el = mount('visible');
    await vi.waitFor(() => expect(el.loads).toEqual(['agora']));
  });

  it('visible: waits while the element is off screen, and loads when it scrolls into view', async () => {
    const el = mount('visible', 'margin-top: 300vh;');
    await settled(el);
    expect(el.loads).toEqual([]);
    el.scrollIntoView();
    await vi.waitFor(() => expect(el.loads).toEqual(['agora']));
    window.scrollTo(0, 0);
  });

  it('intent: loads only when the pointer or the keyboard reaches the element', async () => {
    const pointer = mount('intent');
    await settled(pointer);
    expect(pointer.loads).toEqual([]);
    pointer.dispatchEvent(new PointerEvent('pointerover', { bubbles: true }));
    await vi.waitFor(() => expect(pointer.loads).toEqual(['agora']));
    pointer.remove();

    const keyboard = mount('intent');
    await keyboard.updateComplete;
    await settled(keyboard);
    keyboard.shadowRoot!.querySelector('button')!.focus();
    await vi.waitFor(() => expect(keyboard.loads).toEqual(['agora']));
  });

  it('none: loads nothing ahead of connect(), whatever the visitor does', async () => {
    const el = mount('none');
    el.dispatchEvent(new PointerEvent('pointerover', { bubbles: true }));
    await settled(el);
    expect(el.loads).toEqual([]);
  });

  it('loads once, though it comes into view and the pointer comes after', async () => {
    const el = mount('visible');
    await vi.waitFor(() => expect(el.loads).toEqual(['agora']));
    el.dispatchEvent(new PointerEvent('pointerover', { bubbles: true }));
    el.remove();
    document.body.append(el);
    await settled(el);
    expect(el.loads).toEqual(['agora']);
  });

  it('loads nothing when the broker’s transport is unknown (its avatar list failed)', async () => {
    host = document.createElement('preload-test-host') as PreloadHost;
    host.kind = Promise.resolve(undefined);
    host.setAttribute('style', 'display: block; width: 200px; height: 200px;');
    document.body.append(host);
    await vi.waitFor(() => expect(host!.warm.started).toBe(true));
    await settled(host);
    expect(host.loads).toEqual([]);
  });

  it('an element removed before it was seen loads nothing', async () => {
    const el = mount('visible', 'margin-top: 300vh;');
    el.remove();
    el.style.marginTop = '0';
    await settled(el);
    expect(el.loads).toEqual([]);
    expect(el.warm.started).toBe(false);
  });
});
