import type { Brain, HealthReply } from '../../protocol/broker-api';

/** Longest knowledge text each brain takes: A2E's QA context, or the broker's model's. */
const CONTEXT_LIMITS: Record<Brain, number> = { a2e: 5_000, model: 20_000 };

/**
 * "Answers from: A2E QA / your model": who answers the next call's asks (the element's `brain`).
 * It starts at the broker's default (`/health`'s `brain`). The model is on offer where the broker
 * has one: LLM_BASE_URL is set, or the simulator's stand-in model (simulator mode).
 */
export class BrainSwitch {
  readonly #inputs: HTMLInputElement[];

  constructor(
    private readonly root: HTMLElement,
    private readonly onChange: (brain: Brain) => void,
  ) {
    this.#inputs = [...root.querySelectorAll<HTMLInputElement>('input[name=brain]')];
    root.addEventListener('change', () => onChange(this.brain));
  }

  get brain(): Brain {
    return this.#inputs.find((input) => input.checked)?.value === 'model' ? 'model' : 'a2e';
  }

  /** The longest knowledge text the chosen brain takes. */
  get contextLimit(): number {
    return CONTEXT_LIMITS[this.brain];
  }

  /** Sets the switch from what the broker says it offers. */
  offer(health: HealthReply | undefined): void {
    const model = this.#inputs.find((input) => input.value === 'model')!;
    const available = health !== undefined && (health.brain === 'model' || health.mode === 'simulator');
    model.disabled = !available;
    model.closest('label')!.title = available
      ? health.brain === 'model'
        ? 'The model this Worker is configured with (LLM_BASE_URL) answers, sentence by sentence'
        : "The simulator's stand-in model answers (set LLM_BASE_URL for a real one), sentence by sentence"
      : 'This Worker has no model: set LLM_BASE_URL to an OpenAI-compatible API';
    const chosen = available && health.brain === 'model' ? 'model' : 'a2e';
    for (const input of this.#inputs) input.checked = input.value === chosen;
    this.root.hidden = false;
    this.onChange(this.brain);
  }
}
