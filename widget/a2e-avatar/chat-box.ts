import type { ReactiveControllerHost } from 'lit';

export interface ChatBoxHooks {
  /** The visitor typed: activity. */
  touch(): void;
  /** A new message replaces the notice of the last one that failed. */
  clearNotice(): void;
  /** Sends the text (ask or speak); rejects when it failed, already reported. */
  say(text: string): Promise<void>;
}

/** The text box: sends what was typed, busy until the broker answered, and keeps a failed message to resend. */
export class ChatBox {
  #busy = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly hooks: ChatBoxHooks,
  ) {}

  /** A message is on its way: the send button waits. */
  get busy(): boolean {
    return this.#busy;
  }

  async submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const input = (event.target as HTMLFormElement).elements.namedItem('text') as HTMLInputElement;
    const text = input.value.trim();
    if (!text) return;
    input.value = '';
    this.hooks.touch();
    this.hooks.clearNotice();
    this.#setBusy(true);
    try {
      await this.hooks.say(text);
    } catch {
      input.value ||= text; // already reported through a2e-error; let the visitor resend
    } finally {
      this.#setBusy(false);
    }
  }

  #setBusy(busy: boolean): void {
    this.#busy = busy;
    this.host.requestUpdate();
  }
}
