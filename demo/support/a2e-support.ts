import { A2eSupport } from './support-element';

/** `/a2e-support.js`: defines `<a2e-support>` on load, once, however many times the script is included. */
if (!customElements.get('a2e-support')) customElements.define('a2e-support', A2eSupport);

declare global {
  interface HTMLElementTagNameMap {
    'a2e-support': A2eSupport;
  }
}
