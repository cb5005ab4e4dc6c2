import type { HealthReply } from '../../protocol/broker-api';
import { speechInputSupported } from '../../widget/speech/speech-input';
import { chooseEngine, recordingSupported } from '../../widget/voice/engine-choice';

/** The element's `voice` attributes the page sets: how the microphone takes turns, and barge-in. */
export interface VoiceChoice {
  voice: 'push-to-talk' | 'hands-free';
  bargeIn: boolean;
}

const saved = 'a2e-demo:voice';

/**
 * "Voice: Push-to-talk / Hands-free" and "Barge-in": the settings of the element's own microphone
 * (its button, listening indicator and level meter sit on the video). The card also says who
 * hears the visitor, by the same rule the element uses (`speech-engine="auto"`): the browser's
 * speech recognition where it has one, else the broker's speech-to-text; where neither can, the
 * element shows no microphone and the card says why.
 */
export class VoiceSettings {
  readonly #modes: HTMLInputElement[];
  readonly #bargeIn: HTMLInputElement;

  constructor(
    private readonly root: HTMLElement,
    private readonly onChange: (choice: VoiceChoice) => void,
  ) {
    this.#modes = [...root.querySelectorAll<HTMLInputElement>('input[name=voice]')];
    this.#bargeIn = root.querySelector<HTMLInputElement>('#barge-in')!;
    const stored = readSaved();
    for (const input of this.#modes) input.checked = input.value === stored.voice;
    this.#bargeIn.checked = stored.bargeIn;
    root.addEventListener('change', () => {
      this.#refresh();
      localStorage.setItem(saved, JSON.stringify(this.choice));
      onChange(this.choice);
    });
    this.brain('a2e');
    this.#refresh();
  }

  get choice(): VoiceChoice {
    const handsFree = this.#modes.find((input) => input.checked)?.value === 'hands-free';
    return { voice: handsFree ? 'hands-free' : 'push-to-talk', bargeIn: this.#bargeIn.checked };
  }

  /** Barge-in can stop only the broker's model: A2E's own QA finishes what it started. */
  brain(brain: 'a2e' | 'model'): void {
    this.#bargeIn.closest('label')!.title =
      'Hands-free: speaking over the avatar interrupts it, and what you say is the next turn. ' +
      (brain === 'model'
        ? 'Your model answers, so its answer stops.'
        : 'It stops an answer only where your model answers ("Answers from: your model"); A2E QA finishes its answer.');
  }

  /** Says who hears the visitor here, from what the browser has and what the broker says it offers. */
  offer(health: HealthReply | undefined): void {
    const support = { recognition: speechInputSupported(), recording: recordingSupported(), brokerStt: health?.stt === true };
    const engine = chooseEngine('auto', support);
    this.root.querySelector<HTMLElement>('#voice-options')!.hidden = engine === undefined;
    this.root.querySelector('#voice-engine')!.textContent = engine === 'browser' ? "Browser's recognition" : engine === 'server' ? "Broker's speech-to-text" : 'No microphone';
    this.root.querySelector('#voice-note')!.textContent =
      engine !== undefined
        ? 'Connect, then press the microphone on the video. A change applies from the next press.'
        : !globalThis.isSecureContext
          ? 'Browsers give the microphone only to https pages and localhost.'
          : support.recognition || support.recording
            ? 'This browser has no speech recognition and the broker no speech-to-text: set STT_BASE_URL.'
            : 'This browser can neither recognise speech nor record the microphone.';
  }

  /** The element barges in only hands-free: push-to-talk listens for one question, never over the avatar. */
  #refresh(): void {
    this.#bargeIn.disabled = this.choice.voice !== 'hands-free';
  }
}

function readSaved(): VoiceChoice {
  try {
    const value = JSON.parse(localStorage.getItem(saved) ?? '{}') as Partial<VoiceChoice>;
    return { voice: value.voice === 'hands-free' ? 'hands-free' : 'push-to-talk', bargeIn: value.bargeIn === true };
  } catch {
    return { voice: 'push-to-talk', bargeIn: false };
  }
}
