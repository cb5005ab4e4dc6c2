import { html, nothing, type TemplateResult } from 'lit';
import type { A2eStrings } from '../i18n/strings';
import type { A2eError } from '../session/a2e-error';
import { READY_STATES, type AvatarState, type EndReason } from '../session/session-state';
import { speechInputSupported } from '../speech/speech-input';
import { hangupIcon, micIcon, mutedIcon, sendIcon, soundIcon } from './icons';

type Translate = (key: keyof A2eStrings) => string;

export interface OverlayView {
  state: AvatarState;
  reason: EndReason | undefined;
  error: A2eError | undefined;
  audioBlocked: boolean;
  t: Translate;
  connect(): void;
  unblockAudio(): void;
}

/** The layer over the video: the connect, loading, error and tap-for-sound prompts. */
export function overlayTemplate(v: OverlayView): TemplateResult | typeof nothing {
  const { t } = v;
  switch (v.state) {
    case 'idle':
    case 'disconnected':
      return html`<div part="overlay" class="overlay">
        ${v.state === 'disconnected' ? html`<p part="status" class="status">${endMessage(v.reason, t)}</p>` : nothing}
        <button part="connect-button" class="primary" @click=${v.connect}>${v.state === 'idle' ? t('connect') : t('reconnect')}</button>
      </div>`;
    case 'connecting':
    case 'reconnecting':
      return html`<div part="overlay" class="overlay" role="status">
        <span part="spinner" class="spinner" aria-hidden="true"></span>
        <p part="status" class="status">${v.state === 'connecting' ? t('connecting') : t('reconnecting')}</p>
      </div>`;
    case 'error':
      return html`<div part="overlay" class="overlay">
        <div part="error" class="error" role="alert">
          <strong>${t('errorTitle')}</strong>
          ${v.error ? html`<span class="detail">${v.error.message}</span>` : nothing}
        </div>
        <button part="retry-button" class="primary" @click=${v.connect}>${t('retry')}</button>
      </div>`;
    default:
      return v.audioBlocked
        ? html`<div part="overlay" class="overlay passive">
            <button part="unmute-button" class="primary unmute" @click=${v.unblockAudio}>${t('tapForSound')}</button>
          </div>`
        : nothing;
  }
}

function endMessage(reason: EndReason | undefined, t: Translate): string {
  if (reason === 'idle') return t('idleEnded');
  if (reason === 'expired') return t('expiredEnded');
  return t('disconnected');
}

export interface ControlsView {
  state: AvatarState;
  mode: 'ask' | 'speak';
  muted: boolean;
  busy: boolean;
  listening: boolean;
  shows(control: 'chat' | 'mic' | 'mute' | 'hangup'): boolean;
  t: Translate;
  submit(event: SubmitEvent): void;
  toggleMic(): void;
  toggleMute(): void;
  hangUp(): void;
}

/** The bar with the text box and buttons. */
export function controlsTemplate(v: ControlsView): TemplateResult {
  const { t } = v;
  const ready = READY_STATES.has(v.state);
  const mic = v.shows('mic') && speechInputSupported();
  return html`<div part="controls" class="controls">
    ${v.shows('chat')
      ? html`<form part="form" class="form" @submit=${v.submit}>
          <input
            part="input"
            name="text"
            type="text"
            autocomplete="off"
            maxlength="1000"
            aria-label=${t('inputLabel')}
            placeholder=${v.mode === 'speak' ? t('inputPlaceholderSpeak') : t('inputPlaceholderAsk')}
            ?disabled=${!ready}
          />
          <button part="send-button" type="submit" ?disabled=${!ready || v.busy} aria-label=${t('send')} title=${t('send')}>
            <svg viewBox="0 0 24 24" aria-hidden="true">${sendIcon}</svg>
          </button>
        </form>`
      : html`<span class="spacer"></span>`}
    ${mic
      ? html`<button
          part="mic-button"
          aria-pressed=${v.listening ? 'true' : 'false'}
          aria-label=${v.listening ? t('micStop') : t('micStart')}
          title=${v.listening ? t('micStop') : t('micStart')}
          ?disabled=${!ready}
          @click=${v.toggleMic}
        >
          <svg viewBox="0 0 24 24" aria-hidden="true">${micIcon}</svg>
        </button>`
      : nothing}
    ${v.shows('mute')
      ? html`<button
          part="mute-button"
          aria-pressed=${v.muted ? 'true' : 'false'}
          aria-label=${v.muted ? t('unmute') : t('mute')}
          title=${v.muted ? t('unmute') : t('mute')}
          @click=${v.toggleMute}
        >
          <svg viewBox="0 0 24 24" aria-hidden="true">${v.muted ? mutedIcon : soundIcon}</svg>
        </button>`
      : nothing}
    ${v.shows('hangup')
      ? html`<button part="hangup-button" class="hangup" aria-label=${t('hangUp')} title=${t('hangUp')} @click=${v.hangUp}>
          <svg viewBox="0 0 24 24" aria-hidden="true">${hangupIcon}</svg>
        </button>`
      : nothing}
  </div>`;
}
