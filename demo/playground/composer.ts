import { SpeechInput, speechInputSupported } from '../../widget/speech/speech-input';
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
 * Where the visitor types or speaks: the Ask / Speak switch, the text box, the microphone (where
 * the browser recognises speech) and the suggested questions.
 */
export class Composer {
  readonly #speech = new SpeechInput();
  readonly #input: HTMLInputElement;
  readonly #send: HTMLButtonElement;
  readonly #mic: HTMLButtonElement;
  readonly #chips: HTMLElement;
  #enabled = false;

  constructor(
    private readonly form: HTMLFormElement,
    chips: HTMLElement,
    suggestions: readonly string[],
    private readonly handlers: ComposerHandlers,
    private readonly language: () => string,
  ) {
    this.#input = form.querySelector('#composer-input')!;
    this.#send = form.querySelector('#send-btn')!;
    this.#mic = form.querySelector('#mic-btn')!;
    this.#chips = chips;
    this.#mic.hidden = !speechInputSupported();

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
    this.#mic.addEventListener('click', () => this.#toggleMic());

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
    this.#mic.disabled = !enabled;
    for (const chip of this.#chips.querySelectorAll('button')) chip.disabled = !enabled;
    if (!enabled) this.#speech.abort();
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

  #toggleMic(): void {
    if (this.#speech.listening) {
      this.#speech.stop();
      return;
    }
    this.#mic.setAttribute('aria-pressed', 'true');
    this.#speech.start(this.language(), {
      result: (text, final) => {
        this.#input.value = text;
        if (final) this.#submit(text);
      },
      end: (error) => {
        this.#mic.setAttribute('aria-pressed', 'false');
        if (error && error !== 'no-speech' && error !== 'aborted') this.#input.placeholder = `Microphone: ${error}`;
      },
    });
  }

  #refresh(): void {
    this.#send.disabled = !this.#enabled || !this.#input.value.trim();
  }
}
