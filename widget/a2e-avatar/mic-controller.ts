import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { A2eStrings } from '../i18n/strings';
import { A2eError } from '../session/a2e-error';
import { speechInputSupported } from '../speech/speech-input';
import { brokerOffersStt } from '../session/broker-health';
import { chooseEngine, recordingSupported, type EnginePreference } from '../voice/engine-choice';
import { loadVoice } from '../voice/load-voice';
import type { Voice, VoiceErrorCode, VoiceMode } from '../voice/voice-types';
import type { Locale } from './locale';
import { whenRemoved } from './removal';

/** The `voice` attribute: how the microphone takes turns, or `off` (no microphone button). */
export type VoiceSetting = VoiceMode | 'off';

/** The element, as the microphone sees it: its voice settings, its state and its shadow root. */
export interface MicHost extends ReactiveControllerHost, HTMLElement {
  readonly server: string;
  readonly voice: string;
  readonly speechEngine: string;
  readonly bargeIn: boolean;
  readonly state: string;
  readonly renderRoot: HTMLElement | DocumentFragment;
  interrupt(): Promise<boolean>;
}

/** What the microphone needs from the element's session and the rest of it. */
export interface MicHooks {
  locale: Locale;
  fetch(): typeof fetch | undefined;
  /** The visitor is talking: activity. */
  touch(): void;
  /** A final spoken question or line. */
  say(text: string): Promise<void>;
  transcribe(audio: Blob): Promise<string>;
  report(error: A2eError): void;
}

const MESSAGES: Record<VoiceErrorCode, keyof A2eStrings> = {
  microphone_blocked: 'micBlocked',
  microphone_unavailable: 'micMissing',
  speech_failed: 'speechFailed',
};

/**
 * The microphone button: which engine hears the visitor (chooseEngine), and the voice code, a
 * lazy chunk started at the first press (voice/voice-loop.ts) and stopped at the next, at hang-up
 * or when the element leaves. Whether the broker transcribes is asked only where it matters.
 */
export class MicController implements ReactiveController {
  /** The voice under way, from the press (while its code may still load) to its end. */
  #run: symbol | undefined;
  #voice: Voice | undefined;
  #listening = false;
  #brokerStt: boolean | undefined;

  constructor(
    private readonly host: MicHost,
    private readonly hooks: MicHooks,
  ) {
    host.addController(this);
  }

  /** Whether the microphone button shows: voice on, and an engine that can hear here. */
  get available(): boolean {
    return this.#mode() !== 'off' && this.#engine() !== undefined;
  }

  /** The voice is on (the button is pressed); it need not be listening right now. */
  get active(): boolean {
    return this.#run !== undefined;
  }

  /** Whether the microphone is listening for the visitor right now. */
  get listening(): boolean {
    return this.#listening;
  }

  hostDisconnected(): void {
    whenRemoved(this.host, () => this.close());
  }

  /**
   * Asks the broker whether it transcribes, where no other engine could hear (Firefox) or the page
   * wants it; at connect (the button shows only in a conversation), so a page load asks nothing.
   */
  checkBroker(): void {
    const { host } = this;
    const wanted = this.#preference() === 'server' || !speechInputSupported();
    if (!wanted || this.#mode() === 'off' || !host.server || !recordingSupported()) return;
    const server = host.server;
    void brokerOffersStt(server, this.hooks.fetch()).then((stt) => {
      if (server !== host.server || stt === this.#brokerStt) return;
      this.#brokerStt = stt;
      this.host.requestUpdate();
    });
  }

  toggle(): void {
    if (this.#run) return this.#voice ? this.#voice.stop() : this.#end(this.#run);
    const engine = this.#engine();
    const mode = this.#mode();
    if (!engine || mode === 'off') return;
    const { host, hooks } = this;
    // Pressed at once, while the voice code may still be downloading; a second press cancels.
    const run = Symbol('voice');
    this.#run = run;
    this.host.requestUpdate();
    // Made in the click, where every browser lets it run (mic-capture.ts says why).
    const context = engine === 'server' || (host.bargeIn && mode === 'hands-free') ? newAudioContext() : undefined;
    loadVoice().then(
      (startVoice) => {
        if (this.#run !== run) return void context?.close().catch(() => {});
        const mine = <A extends unknown[]>(act: (...args: A) => void) => (...args: A) => void (this.#run === run && act(...args));
        this.#voice = startVoice(
          {
            avatarSpeaking: () => host.state === 'speaking',
            transcribe: (audio) => hooks.transcribe(audio),
            say: (text) => hooks.say(text),
            interrupt: () => host.interrupt(),
            // The text box shows what is heard until it is final.
            interim: mine((text: string) => {
              const input = host.renderRoot.querySelector<HTMLInputElement>('input[name=text]');
              if (input) input.value = text;
            }),
            touch: () => hooks.touch(),
            listening: mine((on: boolean) => this.#setListening(on)),
            // Straight to the meter's style, 50 times a second, without a render.
            level: mine((value: number) => host.renderRoot.querySelector<HTMLElement>('[part=level]')?.style.setProperty('--a2e-level', value.toFixed(3))),
            failed: mine((code: VoiceErrorCode) => hooks.report(new A2eError(code, hooks.locale.t(MESSAGES[code])))),
            ended: () => this.#end(run),
          },
          { mode, engine, bargeIn: host.bargeIn, language: hooks.locale.language() ?? '' },
          context,
        );
      },
      () => {
        void context?.close().catch(() => {});
        if (this.#run !== run) return;
        hooks.report(new A2eError('speech_failed', hooks.locale.t('speechFailed')));
        this.#end(run);
      },
    );
  }

  /** The element's state changed: the voice pauses while the avatar talks, and ends with the conversation. */
  avatarState(state: string): void {
    if (state === 'speaking' || state === 'connected') return this.#voice?.avatarSpeaking(state === 'speaking');
    this.close();
    if (state === 'connecting') this.checkBroker();
  }

  close(): void {
    if (this.#voice) this.#voice.close();
    else if (this.#run) this.#end(this.#run);
  }

  #engine() {
    const support = { recognition: speechInputSupported(), recording: recordingSupported(), brokerStt: this.#brokerStt };
    return chooseEngine(this.#preference(), support);
  }

  /** The `voice` attribute; anything unknown is the default. */
  #mode(): VoiceSetting {
    const { voice } = this.host;
    return voice === 'hands-free' || voice === 'off' ? voice : 'push-to-talk';
  }

  /** The `speech-engine` attribute; anything unknown is `auto`. */
  #preference(): EnginePreference {
    const { speechEngine } = this.host;
    return speechEngine === 'browser' || speechEngine === 'server' ? speechEngine : 'auto';
  }

  #end(run: symbol): void {
    if (this.#run !== run) return;
    this.#run = this.#voice = undefined;
    this.#setListening(false);
    this.host.requestUpdate();
  }

  #setListening(listening: boolean): void {
    if (listening === this.#listening) return;
    this.#listening = listening;
    // For the page's CSS: a2e-avatar[listening].
    this.host.toggleAttribute('listening', listening);
    this.host.requestUpdate();
  }
}

function newAudioContext(): AudioContext | undefined {
  try {
    const context = new AudioContext();
    void context.resume().catch(() => {});
    return context;
  } catch {
    return undefined; // the voice then makes its own
  }
}
