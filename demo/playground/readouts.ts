import type { AvatarState } from '../lib/avatar-element';
import { formatClock, formatMs, type CallStats } from '../lib/call-stats';

/** The numbers a developer wants while trying the avatar: state, first frame, round trips, time left. */
export class Readouts {
  #expiresAt: (() => number | undefined) | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly root: HTMLElement,
    private readonly stats: CallStats,
  ) {}

  state(state: AvatarState, reason?: string): void {
    this.#set('m-state', reason && (state === 'disconnected' || state === 'error' || state === 'reconnecting') ? `${state} (${reason})` : state);
  }

  firstFrame(ms: number | undefined): void {
    this.#set('m-first-frame', formatMs(ms));
  }

  /** Call after every timed call: refreshes the last and median round trip and the call list. */
  calls(): void {
    const last = this.stats.last;
    this.#set('m-last-rtt', last ? formatMs(last.ms) : '—');
    if (last) {
      // The call's name on a small line above the time.
      const call = document.createElement('span');
      call.className = 'metric-call';
      call.textContent = last.method;
      this.root.querySelector('#m-last-rtt')?.prepend(call);
    }
    this.#set('m-median-rtt', formatMs(this.stats.median));
    const list = this.root.querySelector<HTMLOListElement>('#calls')!;
    list.replaceChildren(
      ...this.stats.recent(5).map((call) => {
        const item = document.createElement('li');
        if (!call.ok) item.className = 'failed';
        const name = document.createElement('span');
        name.textContent = call.ok ? call.method : `${call.method} (failed)`;
        const time = document.createElement('span');
        time.textContent = formatMs(call.ms);
        item.append(name, time);
        return item;
      }),
    );
  }

  /**
   * Counts down to the session's expiry, read afresh every second (a heartbeat may move it);
   * undefined stops the clock and shows a dash.
   */
  expiresAt(at: (() => number | undefined) | undefined): void {
    this.#expiresAt = at;
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#tick();
    if (at !== undefined) this.#timer = setInterval(() => this.#tick(), 1000);
  }

  #tick(): void {
    const at = this.#expiresAt?.();
    this.#set('m-time-left', at === undefined ? '—' : formatClock((at - Date.now()) / 1000));
  }

  #set(id: string, text: string): void {
    const node = this.root.querySelector(`#${id}`);
    if (node) node.textContent = text;
  }
}
