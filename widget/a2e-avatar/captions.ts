import { html, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { A2eStrings } from '../i18n/strings';

export interface Caption {
  role: 'user' | 'avatar';
  text: string;
}

/** How many lines the captions keep: the question and its answer. */
const KEPT = 2;

/** The live captions: the latest lines said, and their template. */
export class CaptionsController {
  #lines: Caption[] = [];

  constructor(private readonly host: ReactiveControllerHost) {}

  get lines(): readonly Caption[] {
    return this.#lines;
  }

  clear(): void {
    this.#set([]);
  }

  add(caption: Caption): void {
    this.#set([...this.#lines, caption].slice(-KEPT));
  }

  render(t: (key: keyof A2eStrings) => string): TemplateResult {
    // Always in the DOM, so screen readers announce what is added to it.
    return html`<div part="captions" class="captions" role="log" aria-live="polite" aria-label=${t('captionsLabel')}>
      ${this.#lines.map(
        (c) => html`<p part="caption" class="caption ${c.role}">
          <span class="who">${c.role === 'user' ? t('you') : t('avatar')}:</span> ${c.text}
        </p>`,
      )}
    </div>`;
  }

  #set(lines: Caption[]): void {
    if (lines.length === 0 && this.#lines.length === 0) return;
    this.#lines = lines;
    this.host.requestUpdate();
  }
}
