import { A2eAvatar } from './a2e-avatar';
import type { A2eEventMap } from './events';

export const tagName = 'a2e-avatar';

// Server rendering imports this module too, where there may be no registry at all (Lit's Node
// build brings a stand-in): only a real or stand-in registry is touched, never a missing one.
// Two copies of the widget on one page (say the script tag and a bundled import) must not throw.
if (typeof customElements !== 'undefined' && !customElements.get('a2e-avatar')) customElements.define('a2e-avatar', A2eAvatar);

declare global {
  interface HTMLElementTagNameMap {
    'a2e-avatar': A2eAvatar;
  }
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface GlobalEventHandlersEventMap extends A2eEventMap {}
}
