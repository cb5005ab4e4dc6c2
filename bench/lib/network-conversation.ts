/**
 * What the network benchmark runs inside the customer's page: a WebSocket probe installed before
 * the widget loads, and one conversation (connect(), the asks, hang-up) timed on the page's own
 * clock, segment by segment. Both are serialised by playwright and run in the page, so they use
 * nothing from this module's scope.
 */

/** One ask, each time after the `ask()` call (ms). */
export interface AskTimes {
  /** The broker's reply to `POST /ask` has arrived (Resource Timing `responseEnd`). */
  reply: number;
  /** The answer's first QA stream message has reached the page (the room socket's message event). */
  stream: number;
  /** The answer's caption line is in the page: the figure "first words" stands for. */
  words: number;
}

/** One conversation, each time after the `connect()` call (ms). */
export interface ConversationTimes {
  /** The session reply has arrived (Resource Timing `responseEnd` of `POST /v1/sessions`). */
  sessionEnd: number;
  /** The transport's code finished loading (0 when `preload` had loaded it before the click). */
  transportEnd: number;
  /** The room's WebSocket was created, opened, and brought the room's `joined`. */
  socketStart: number;
  socketOpen: number;
  joined: number;
  /** `connect()` resolved (the element's state is `connected`). */
  connected: number;
  firstFrame: number;
  asks: AskTimes[];
}

/** The probe in the page: every room socket's creation, open and messages, stamped with performance.now(). */
export function installSocketProbe(): void {
  type Probe = { created: number[]; opened: number[]; joined: number[]; stream: number[] };
  const probe: Probe = { created: [], opened: [], joined: [], stream: [] };
  (window as unknown as { socketProbe: Probe }).socketProbe = probe;
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      probe.created.push(performance.now());
      this.addEventListener('open', () => probe.opened.push(performance.now()));
      this.addEventListener('message', (event) => {
        const data = typeof event.data === 'string' ? event.data : '';
        if (data.startsWith('{"type":"joined"')) probe.joined.push(performance.now());
        else if (data.startsWith('{"type":"stream-message"')) probe.stream.push(performance.now());
      });
    }
  };
}

/** Runs in the page: connect(), the asks `gapMs` apart, hang-up. */
export async function runConversation(input: { asks: number; gapMs: number; question: string }): Promise<ConversationTimes> {
  type Avatar = HTMLElement & { connect(): Promise<void>; ask(q: string): Promise<void>; disconnect(): Promise<void> };
  type Probe = { created: number[]; opened: number[]; joined: number[]; stream: number[] };
  const probe = (window as unknown as { socketProbe: Probe }).socketProbe;
  const el = document.querySelector('a2e-avatar') as Avatar;
  const video = el.shadowRoot!.querySelector('video')!;
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const within = <T,>(promise: Promise<T>, what: string) =>
    Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no ${what} within 15 s`)), 15_000))]);
  const resources = (since: number) =>
    (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter((entry) => entry.startTime >= since - 1);
  const path = (entry: PerformanceResourceTiming) => new URL(entry.name).pathname;
  const frame = new Promise<number>((resolve) => video.requestVideoFrameCallback((now) => resolve(now)));
  const t0 = performance.now();
  await el.connect();
  const connected = performance.now() - t0;
  const firstFrame = (await within(frame, 'video frame')) - t0;
  const sinceConnect = resources(t0);
  const session = sinceConnect.find((entry) => path(entry) === '/v1/sessions');
  const transports = sinceConnect.filter((entry) => path(entry).startsWith('/transports/'));
  const at = (times: number[]) => (times.find((time) => time >= t0) ?? Number.NaN) - t0;

  const asks: AskTimes[] = [];
  for (let i = 0; i < input.asks; i++) {
    await sleep(input.gapMs);
    // The answer's first words: its caption line appears (it grows as the rest arrives), right
    // after the question's own line.
    const words = new Promise<number>((resolve) => {
      let asked = false;
      const observer = new MutationObserver(() => {
        const last = [...el.shadowRoot!.querySelectorAll('[part~="caption"]')].at(-1);
        if (last?.classList.contains('user')) asked = true;
        else if (asked && last?.classList.contains('avatar')) {
          observer.disconnect();
          resolve(performance.now());
        }
      });
      observer.observe(el.shadowRoot!, { childList: true, subtree: true, characterData: true });
    });
    const asked = performance.now();
    const done = el.ask(input.question);
    const wordsAt = (await within(words, 'answer')) - asked;
    await done;
    const reply = resources(asked).find((entry) => path(entry).endsWith('/ask'));
    asks.push({ reply: reply ? reply.responseEnd - asked : Number.NaN, stream: (probe.stream.find((time) => time >= asked) ?? Number.NaN) - asked, words: wordsAt });
  }
  await sleep(input.gapMs);
  await el.disconnect();
  return {
    sessionEnd: session ? session.responseEnd - t0 : Number.NaN,
    transportEnd: transports.length ? Math.max(...transports.map((entry) => entry.responseEnd)) - t0 : 0,
    socketStart: at(probe.created),
    socketOpen: at(probe.opened),
    joined: at(probe.joined),
    connected,
    firstFrame,
    asks,
  };
}
