import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { A2eError } from '../session/a2e-error';
import { SpeechInput, speechFailure } from '../speech/speech-input';
import type { Locale } from './locale';
import { whenRemoved } from './removal';

/** What the microphone needs from the element. */
export interface MicHooks {
  locale: Locale;
  /** The text box, which shows what is heard until it is final. */
  input(): HTMLInputElement | null;
  /** The visitor is talking: activity. */
  touch(): void;
  /** A final spoken question or line. */
  say(text: string): void;
  report(error: A2eError): void;
}

/** The mic button's speech recognition: one listening turn at a time; a blocked microphone says so. */
export class MicController implements ReactiveController {
  readonly #speech = new SpeechInput();
  #listening = false;

  constructor(
    private readonly host: ReactiveControllerHost & Element,
    private readonly hooks: MicHooks,
  ) {
    host.addController(this);
  }

  get listening(): boolean {
    return this.#listening;
  }

  hostDisconnected(): void {
    whenRemoved(this.host, () => this.abort());
  }

  toggle(): void {
    if (this.#speech.listening) {
      this.#speech.stop();
      return;
    }
    const input = this.hooks.input();
    this.#setListening(true);
    this.#speech.start(this.hooks.locale.language() ?? '', {
      result: (text, final) => {
        this.hooks.touch();
        if (input) input.value = final ? '' : text;
        if (final && text) this.hooks.say(text);
      },
      end: (error) => {
        this.#setListening(false);
        const failure = error && speechFailure(error);
        if (failure) this.hooks.report(new A2eError(failure.code, this.hooks.locale.t(failure.message)));
      },
    });
  }

  abort(): void {
    this.#speech.abort();
  }

  #setListening(listening: boolean): void {
    if (listening === this.#listening) return;
    this.#listening = listening;
    this.host.requestUpdate();
  }
}
