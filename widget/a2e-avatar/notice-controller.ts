import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { whenRemoved } from './removal';

/** How long a notice stays up: long enough to read two lines. */
const NOTICE_MS = 6_000;

/** A short message during the conversation (a message that could not be sent, a blocked microphone), gone after a while. */
export class NoticeController implements ReactiveController {
  #message: string | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly host: ReactiveControllerHost & Element) {
    host.addController(this);
  }

  get message(): string | undefined {
    return this.#message;
  }

  hostDisconnected(): void {
    whenRemoved(this.host, () => this.show(undefined));
  }

  /** Shows `message`, replacing any other; undefined hides it. */
  show(message: string | undefined): void {
    clearTimeout(this.#timer);
    this.#set(message);
    if (message !== undefined) this.#timer = setTimeout(() => this.#set(undefined), NOTICE_MS);
  }

  #set(message: string | undefined): void {
    if (message === this.#message) return;
    this.#message = message;
    this.host.requestUpdate();
  }
}
