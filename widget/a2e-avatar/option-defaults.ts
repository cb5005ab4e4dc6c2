import type { PropertyValues } from 'lit';

/**
 * An option that is unset goes back to its default: an attribute removed (Lit then sets the
 * property to null) or a framework setting the property to undefined (React 19 does when a prop
 * goes away, Vue and Svelte when a binding is). Without this, `controls` would be null and the
 * element could not render.
 */
export class OptionDefaults<T extends object, K extends keyof T> {
  readonly #host: T;
  readonly #defaults: Pick<T, K>;

  /** Takes the host's current values as the defaults: create it after the options' initialisers. */
  constructor(host: T, keys: readonly K[]) {
    this.#host = host;
    this.#defaults = Object.fromEntries(keys.map((key) => [key, host[key]])) as Pick<T, K>;
  }

  /** Call first thing in willUpdate: changes made there are part of the same update. */
  restore(changed: PropertyValues): void {
    for (const key of changed.keys()) {
      if (!Object.hasOwn(this.#defaults, key)) continue;
      const option = key as K;
      if (this.#host[option] === null || this.#host[option] === undefined) this.#host[option] = this.#defaults[option];
    }
  }
}
