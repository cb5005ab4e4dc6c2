import { browserTurn } from './browser-turn';
import type { CaptureDeps } from './mic-capture';
import { MicTurns } from './mic-turns';
import type { TurnRecorder } from './turn-recorder';
import { LISTENING, OVER_THE_AVATAR } from './voice-activity';
import { VoiceFailure } from './voice-failure';
import type { StartVoice, Voice, VoiceHost, VoiceOptions } from './voice-types';

/** Push-to-talk: a press with no speech for this long ends quietly. */
const NO_SPEECH_MS = 8_000;
/** After a turn is sent, how long the avatar may take to start answering before listening resumes. */
const REPLY_GRACE_MS = 4_000;
/** Browser recognition that ended at once with nothing heard waits this long before listening again. */
const QUIET_RETRY_MS = 1_000;
/** Broker errors after which listening on cannot help: the voice stops (the element shows the error). */
const FATAL = new Set(['not_configured', 'session_ended', 'not_connected', 'unauthorized', 'forbidden', 'not_found']);

/** The voice chunk's entry (load-voice.ts imports it the first time the microphone is turned on). */
export const startVoice: StartVoice = (host, options, context) => new VoiceLoop(host, options, context ? { context } : {});

/**
 * Turn-taking: listens for the visitor's turn, sends it, and does not listen while the avatar
 * answers, so it never hears (and answers) itself; then listens again. Push-to-talk is one such
 * turn. With barge-in, the visitor speaking clearly over the avatar interrupts it, and that speech
 * is the next turn. Each wait is abortable: `#off` when the voice is switched off, `#finish` when
 * a push-to-talk turn is ended by hand (what was said is kept), `#phase` when the avatar starts
 * talking while the loop waits for the visitor.
 */
export class VoiceLoop implements Voice {
  readonly #off = new AbortController();
  readonly #finish = new AbortController();
  #phase = new AbortController();
  #speaking: boolean;
  /** How many answers the avatar has started, to tell whether it answered the last turn. */
  #answers = 0;
  readonly #watchers = new Set<() => void>();
  #mic: MicTurns | undefined;

  constructor(
    private readonly host: VoiceHost,
    private readonly options: VoiceOptions,
    private readonly deps: CaptureDeps = {},
  ) {
    this.#speaking = host.avatarSpeaking();
    void this.#run()
      .catch((err: unknown) => {
        if (this.#off.signal.aborted) return; // switched off: no failure
        // Anything else that broke the voice (a recorder that failed, an engine's quirk) is said too.
        host.failed(err instanceof VoiceFailure ? err.code : 'speech_failed');
        if (!(err instanceof VoiceFailure)) console.warn('a2e-avatar: the voice stopped:', err);
      })
      .finally(() => {
        this.#mic?.close();
        host.listening(false);
        host.interim('');
        host.ended();
      });
  }

  avatarSpeaking(speaking: boolean): void {
    if (speaking === this.#speaking) return;
    this.#speaking = speaking;
    if (speaking) {
      this.#answers++;
      // Hands-free stops listening the moment the avatar talks (a turn under way is dropped:
      // it would hold the avatar's voice); a push-to-talk press listens on, as the visitor asked.
      if (this.options.mode === 'hands-free') this.host.listening(false);
      this.#phase.abort();
    }
    this.#wake();
  }

  /** Tells every wait that something changed (the avatar's talking, a send that settled). */
  #wake(): void {
    for (const watcher of [...this.#watchers]) watcher();
  }

  stop(): void {
    if (this.options.mode === 'push-to-talk') this.#finish.abort();
    else this.close();
  }

  close(): void {
    this.#off.abort();
  }

  async #run(): Promise<void> {
    const { engine, mode, bargeIn } = this.options;
    // Barge-in with the browser's recognition still needs the level, to hear the visitor over the avatar.
    if (engine === 'server' || (bargeIn && mode === 'hands-free')) {
      this.#mic = await MicTurns.open((level) => this.host.level(level), this.deps);
      this.#throwIfOff();
    }
    if (mode === 'push-to-talk') {
      const text = await this.#turn(true, false);
      if (text) await this.#say(text, false);
      return;
    }
    for (;;) {
      const bargedIn = await this.#whileAvatarTalks();
      const text = await this.#turn(false, bargedIn);
      if (text) await this.#say(text, true);
    }
  }

  /** One turn: what the visitor said ('' for nothing), or undefined when the avatar started talking first. */
  async #turn(press: boolean, bargedIn: boolean): Promise<string | undefined> {
    this.#phase = new AbortController();
    this.host.listening(true);
    try {
      return this.options.engine === 'browser' ? await this.#browserTurn(press) : await this.#serverTurn(press, bargedIn);
    } finally {
      this.host.listening(false);
    }
  }

  async #browserTurn(press: boolean): Promise<string | undefined> {
    const started = Date.now();
    const signal = press ? this.#off.signal : AbortSignal.any([this.#off.signal, this.#phase.signal]);
    const interim = (text: string) => {
      this.host.touch();
      this.host.interim(text);
    };
    const text = await browserTurn(this.options.language, interim, signal, this.#finish.signal);
    this.#throwIfOff();
    if (text === '' && !press && Date.now() - started < QUIET_RETRY_MS) await this.#sleep(QUIET_RETRY_MS);
    return text;
  }

  async #serverTurn(press: boolean, bargedIn: boolean): Promise<string | undefined> {
    const mic = this.#mic!;
    let recorder: TurnRecorder;
    if (press) {
      // The press is the turn's start; the detector only tells whether anything was said.
      recorder = mic.record();
      mic.tune(LISTENING, true);
      const spoke = await mic.until('start', AbortSignal.any([this.#off.signal, this.#finish.signal]), NO_SPEECH_MS).catch(() => false);
      this.#throwIfOff(recorder);
      if (!spoke) {
        recorder.discard();
        return '';
      }
    } else if (bargedIn) {
      mic.tune(LISTENING); // the turn that interrupted the avatar is under way: keep it
      recorder = mic.record();
    } else {
      mic.tune(LISTENING, true);
      try {
        await mic.until('start', AbortSignal.any([this.#off.signal, this.#phase.signal]));
      } catch {
        this.#throwIfOff();
        return undefined; // the avatar started talking
      }
      recorder = mic.record();
    }
    this.host.touch();
    // Ended by the detector's end-of-turn pause, by hand (push-to-talk), or dropped when the avatar starts talking.
    const cut = press ? this.#finish.signal : this.#phase.signal;
    await mic.until('end', AbortSignal.any([this.#off.signal, cut])).catch(() => false);
    this.#throwIfOff(recorder);
    if (this.#phase.signal.aborted && !press) {
      recorder.discard();
      return undefined;
    }
    const audio = await recorder.stop();
    this.host.listening(false);
    this.host.touch();
    return this.#transcribe(audio);
  }

  async #transcribe(audio: Blob): Promise<string> {
    if (audio.size === 0) return '';
    try {
      const text = await this.host.transcribe(audio);
      this.#throwIfOff();
      return text.trim();
    } catch (err) {
      this.#throwIfOff();
      // The element has shown the error already; listening on is right unless the session is gone.
      if (FATAL.has((err as { code?: string } | null)?.code ?? '')) this.close();
      this.#throwIfOff();
      return '';
    }
  }

  /**
   * Sends the turn, and waits until the avatar starts answering or the send is over: A2E's ask
   * returns before the answer is said, a model's streamed ask only once all of it is, and the
   * answer is where barge-in listens. In hands-free, a send that is over with no answer begun
   * gives the avatar a moment more before listening on.
   */
  async #say(text: string, awaitAnswer: boolean): Promise<void> {
    const answers = this.#answers;
    this.host.interim('');
    let sent: boolean | undefined;
    void this.host.say(text).then(
      () => (sent = true),
      () => (sent = false), // the element reports a failed send
    ).finally(() => this.#wake());
    await this.#until(() => this.#answers !== answers || sent !== undefined);
    if (!awaitAnswer || this.#answers !== answers || this.#speaking || sent === false) return;
    await this.#until(() => this.#speaking, REPLY_GRACE_MS);
  }

  /**
   * Waits while the avatar talks. With barge-in, listens meanwhile for the visitor speaking over
   * it (a higher bar: echo cancellation leaves some of the avatar's voice); true when that
   * interrupted the avatar, so the turn under way is the visitor's. Where the carrier cannot
   * interrupt, it waits for the answer's end without trying again.
   */
  async #whileAvatarTalks(): Promise<boolean> {
    let tried = false;
    while (this.#speaking) {
      const mic = this.#mic;
      if (!this.options.bargeIn || !mic || tried) {
        await this.#until(() => !this.#speaking);
        continue;
      }
      mic.tune(OVER_THE_AVATAR, true);
      const quiet = new AbortController();
      const unwatch = this.#watch(() => !this.#speaking && quiet.abort());
      try {
        await mic.until('start', AbortSignal.any([this.#off.signal, quiet.signal]));
      } catch {
        this.#throwIfOff();
        continue; // the avatar finished first
      } finally {
        unwatch();
      }
      this.host.touch();
      if (await this.host.interrupt().catch(() => false)) return true;
      this.#throwIfOff();
      tried = true;
    }
    return false;
  }

  /** Resolves when `ready()` holds (now, or after a change), or after `timeoutMs`; rejects when switched off. */
  #until(ready: () => boolean, timeoutMs?: number): Promise<void> {
    if (ready() && !this.#off.signal.aborted) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const done = () => {
        unwatch();
        clearTimeout(timer);
        this.#off.signal.removeEventListener('abort', onOff);
      };
      const onOff = () => (done(), reject(this.#off.signal.reason));
      const unwatch = this.#watch(() => ready() && (done(), resolve()));
      const timer = timeoutMs === undefined ? undefined : setTimeout(() => (done(), resolve()), timeoutMs);
      if (this.#off.signal.aborted) return onOff();
      this.#off.signal.addEventListener('abort', onOff, { once: true });
    });
  }

  #sleep(ms: number): Promise<void> {
    return this.#until(() => false, ms);
  }

  #watch(watcher: () => void): () => void {
    this.#watchers.add(watcher);
    return () => this.#watchers.delete(watcher);
  }

  /** Ends the run when the voice was switched off (dropping a recording under way). */
  #throwIfOff(recorder?: TurnRecorder): void {
    if (!this.#off.signal.aborted) return;
    recorder?.discard();
    throw this.#off.signal.reason;
  }
}
