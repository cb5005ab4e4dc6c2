import type { AvatarMode } from '../lib/avatar-element';

export interface ComposerHandlers {
  send(text: string, mode: AvatarMode): void;
  modeChange(mode: AvatarMode): void;
}

const placeholders: Record<AvatarMode, string> = {
  ask: 'Ask a question about Harbor & Pine…',
  speak: 'Type what the avatar should say, word for word…',
};

/**
 * Where the visitor types: the Ask / Speak switch, the text box and the suggested questions. The
 * microphone is the element's own, on the video (voice-settings.ts), so there is one, in every
 * browser something can hear in.
 */
export class Composer {
  readonly #input: HTMLInputElement;
  readonly #send: HTMLButtonElement;
  readonly #chips: HTMLElement;
  #enabled = false;

  constructor(
    private readonly form: HTMLFormElement,
    chips: HTMLElement,
    suggestions: readonly string[],
    private readonly handlers: ComposerHandlers,
  ) {
    this.#input = form.querySelector('#composer-input')!;
    this.#send = form.querySelector('#send-btn')!;
    this.#chips = chips;

    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.#submit(this.#input.value);
    });
    form.addEventListener('change', (event) => {
      const target = event.target as HTMLInputElement;
      if (target.name !== 'mode') return;
      this.#input.placeholder = placeholders[this.mode];
      handlers.modeChange(this.mode);
    });
    this.#input.addEventListener('input', () => this.#refresh());

    for (const question of suggestions) {
      const chip = document.createElement('button');
      chip.type = 'button';
      chip.className = 'chip';
      chip.textContent = question;
      // A suggestion is a question, so it is always asked, whatever the switch says.
      chip.addEventListener('click', () => this.#enabled && handlers.send(question, 'ask'));
      chips.append(chip);
    }
    this.enable(false);
  }

  get mode(): AvatarMode {
    return (this.form.querySelector<HTMLInputElement>('input[name="mode"]:checked')?.value as AvatarMode) ?? 'ask';
  }

  enable(enabled: boolean): void {
    this.#enabled = enabled;
    this.#input.disabled = !enabled;
    for (const chip of this.#chips.querySelectorAll('button')) chip.disabled = !enabled;
    this.#refresh();
  }

  focus(): void {
    this.#input.focus();
  }

  #submit(text: string): void {
    const trimmed = text.trim();
    if (!trimmed || !this.#enabled) return;
    this.#input.value = '';
    this.#refresh();
    this.handlers.send(trimmed, this.mode);
  }

  #refresh(): void {
    this.#send.disabled = !this.#enabled || !this.#input.value.trim();
  }
}
