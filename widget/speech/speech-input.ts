/** The parts of the Web Speech API the widget uses; Chrome and Safari still prefix it. */
interface RecognitionResultEvent extends Event {
  readonly resultIndex: number;
  readonly results: ArrayLike<ArrayLike<{ transcript: string }> & { isFinal: boolean }>;
}

interface Recognition extends EventTarget {
  lang: string;
  interimResults: boolean;
  continuous: boolean;
  start(): void;
  stop(): void;
  abort(): void;
  onresult: ((event: RecognitionResultEvent) => void) | null;
  onend: (() => void) | null;
  onerror: ((event: Event & { error?: string }) => void) | null;
}

type RecognitionCtor = new () => Recognition;

function recognitionCtor(): RecognitionCtor | undefined {
  const w = globalThis as unknown as { SpeechRecognition?: RecognitionCtor; webkitSpeechRecognition?: RecognitionCtor };
  return w.SpeechRecognition ?? w.webkitSpeechRecognition;
}

/**
 * Whether the browser can turn speech into text here; the microphone button hides where it cannot.
 * Browsers give the microphone only to secure pages (https, or localhost): a page served over
 * plain http would show a button that can never work. Nor can a frame whose embedder did not
 * delegate the microphone (`<iframe allow="microphone">`).
 */
export function speechInputSupported(): boolean {
  return globalThis.isSecureContext !== false && recognitionCtor() !== undefined && microphoneAllowedHere();
}

/**
 * The frame's permissions policy, where the browser exposes it (Chromium's document.featurePolicy);
 * elsewhere the button shows, and a refusal is reported when it is pressed.
 */
function microphoneAllowedHere(): boolean {
  const policy = (globalThis.document as { featurePolicy?: { allowsFeature(feature: string): boolean } } | undefined)?.featurePolicy;
  return policy?.allowsFeature('microphone') ?? true;
}

/** What went wrong with the microphone, in words a visitor can act on; undefined for a quiet end. */
export function speechFailure(error: string): { code: SpeechErrorCode; message: 'micBlocked' | 'micMissing' | 'speechFailed' } | undefined {
  switch (error) {
    case 'no-speech':
    case 'aborted':
      return undefined;
    case 'not-allowed':
    case 'service-not-allowed':
      return { code: 'microphone_blocked', message: 'micBlocked' };
    case 'audio-capture':
      return { code: 'microphone_unavailable', message: 'micMissing' };
    default:
      return { code: 'speech_failed', message: 'speechFailed' };
  }
}

export type SpeechErrorCode = 'microphone_blocked' | 'microphone_unavailable' | 'speech_failed';

export interface SpeechInputHandlers {
  /** Text heard so far; `final` once the speaker paused. */
  result(text: string, final: boolean): void;
  end(error?: string): void;
}

/** One listening turn of the browser's speech recognition. */
export class SpeechInput {
  #recognition: Recognition | undefined;

  get listening(): boolean {
    return this.#recognition !== undefined;
  }

  start(lang: string, handlers: SpeechInputHandlers): void {
    const Ctor = recognitionCtor();
    if (!Ctor || this.#recognition) return;
    const recognition = new Ctor();
    this.#recognition = recognition;
    recognition.lang = lang;
    recognition.interimResults = true;
    recognition.continuous = false;
    let error: string | undefined;
    recognition.onresult = (event) => {
      let text = '';
      let final = false;
      for (let i = event.resultIndex; i < event.results.length; i++) {
        const result = event.results[i]!;
        text += result[0]?.transcript ?? '';
        final ||= result.isFinal;
      }
      handlers.result(text.trim(), final);
    };
    recognition.onerror = (event) => (error = event.error ?? 'error');
    recognition.onend = () => {
      if (this.#recognition === recognition) this.#recognition = undefined;
      handlers.end(error);
    };
    recognition.start();
  }

  stop(): void {
    this.#recognition?.stop();
  }

  abort(): void {
    const recognition = this.#recognition;
    this.#recognition = undefined;
    if (!recognition) return;
    recognition.onresult = recognition.onend = recognition.onerror = null;
    recognition.abort();
  }
}
