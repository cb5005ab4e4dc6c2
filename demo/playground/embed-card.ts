import { embedSnippet, type EmbedKind } from '../lib/embed-snippet';

/** "Embed this": the snippet for the chosen avatar and this server, with tabs and a copy button. */
export class EmbedCard {
  #kind: EmbedKind = 'element';
  #avatarId = '';
  #context = '';

  constructor(
    private readonly root: HTMLElement,
    private readonly server: string,
  ) {
    const tabs: Record<EmbedKind, HTMLButtonElement> = {
      element: root.querySelector('#tab-element')!,
      support: root.querySelector('#tab-support')!,
    };
    for (const [kind, tab] of Object.entries(tabs) as [EmbedKind, HTMLButtonElement][]) {
      tab.addEventListener('click', () => {
        this.#kind = kind;
        for (const [other, button] of Object.entries(tabs)) button.setAttribute('aria-selected', String(other === kind));
        this.#render();
      });
    }
    this.#includeContext.addEventListener('change', () => this.#render());
    const copy = root.querySelector<HTMLButtonElement>('#copy-snippet')!;
    copy.addEventListener('click', async () => {
      const ok = await copyText(this.snippet);
      copy.textContent = ok ? 'Copied ✓' : 'Select and copy';
      setTimeout(() => (copy.textContent = 'Copy snippet'), 1600);
    });
  }

  get snippet(): string {
    return this.root.querySelector('#snippet')!.textContent ?? '';
  }

  update(avatarId: string, context: string): void {
    this.#avatarId = avatarId;
    this.#context = context;
    this.#render();
  }

  get #includeContext(): HTMLInputElement {
    return this.root.querySelector<HTMLInputElement>('#snippet-context')!;
  }

  #render(): void {
    const options = { kind: this.#kind, server: this.server, avatarId: this.#avatarId };
    const snippet = embedSnippet(this.#includeContext.checked ? { ...options, context: this.#context } : options);
    this.root.querySelector('#snippet')!.textContent = snippet;
  }
}

/** The Clipboard API needs a secure context (localhost is one); elsewhere fall back to a selection copy. */
async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = Object.assign(document.createElement('textarea'), { value: text });
    area.style.cssText = 'position:fixed;opacity:0';
    document.body.append(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    return ok;
  }
}
