import { html, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { A2eStrings } from '../i18n/strings';

export interface Caption {
  role: 'user' | 'avatar';
  text: string;
  /** The avatar's answer while it still arrives: the line is replaced in place as it grows. */
  growing?: boolean;
}

/** How many lines the captions keep: the question and its answer. */
const KEPT = 2;

/** The live captions: the latest lines said (the last may be an answer still growing), and their template. */
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

  /** The growing answer's text so far: its line is replaced, or begun. */
  grow(text: string): void {
    const line: Caption = { role: 'avatar', text, growing: true };
    if (this.#lines.at(-1)?.growing) this.#set([...this.#lines.slice(0, -1), line]);
    else this.add(line);
  }

  /** The growing answer is over: its line keeps `text` as a finished line, or goes when undefined. */
  settle(text: string | undefined): void {
    const rest = this.#lines.at(-1)?.growing ? this.#lines.slice(0, -1) : this.#lines;
    if (text === undefined) this.#set(rest);
    else this.#set([...rest, { role: 'avatar' as const, text }].slice(-KEPT));
  }

  render(t: (key: keyof A2eStrings) => string): TemplateResult {
    // Always in the DOM, so screen readers announce what is added to it; busy while an answer
    // grows, so they read it once it is whole rather than at every piece.
    const busy = this.#lines.at(-1)?.growing === true;
    return html`<div
      part="captions"
      class="captions"
      role="log"
      aria-live="polite"
      aria-busy=${busy ? 'true' : 'false'}
      aria-label=${t('captionsLabel')}
    >
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
