import type { AvatarSummary } from '../protocol/broker-api';
import { liveStates, onAvatarEvent, type AvatarElement, type AvatarMode, type AvatarState } from './lib/avatar-element';
import { fetchAvatars, fetchHealth } from './lib/broker-client';
import { CallStats } from './lib/call-stats';
import { watchFirstFrame } from './lib/first-frame';
import { loadAvatarElement } from './lib/load-widget';
import { sampleFaq, sampleQuestions } from './lib/sample-faq';
import { AvatarPicker, avatarFace } from './playground/avatar-picker';
import { BrainSwitch } from './playground/brain-switch';
import { Composer } from './playground/composer';
import { EmbedCard } from './playground/embed-card';
import { Readouts } from './playground/readouts';
import { TranscriptView } from './playground/transcript-view';
import { VoiceSettings, type VoiceChoice } from './playground/voice-settings';

/**
 * The playground: pick an avatar, edit what it knows, talk to it, and watch the numbers.
 * The page drives `<a2e-avatar>` only through its public attributes, methods and events.
 */
const server = location.origin;
const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const saved = {
  avatar: 'a2e-demo:avatar',
  context: 'a2e-demo:context',
};

const stats = new CallStats();
const readouts = new Readouts(document.body, stats);
const transcript = new TranscriptView($<HTMLOListElement>('messages'), $('messages-empty'));
const embed = new EmbedCard($('embed-title').closest('section')!, server);
const contextBox = $<HTMLTextAreaElement>('context');
const buttons = {
  interrupt: $<HTMLButtonElement>('interrupt-btn'),
  hangup: $<HTMLButtonElement>('hangup-btn'),
  applyContext: $<HTMLButtonElement>('apply-context'),
};

let avatarEl: AvatarElement | undefined;
let state: AvatarState = 'idle';
/** The context the current session started with or was last applied, to tell whether the box has edits. */
let sessionContext: string | undefined;
let firstFrameWatch: AbortController | undefined;
/** When the element started connecting, for connect time and connect-to-first-frame. */
let connectStarted = 0;

const picker = new AvatarPicker($('avatar-grid'), (avatar) => void chooseAvatar(avatar));
const composer = new Composer(
  $<HTMLFormElement>('composer'),
  $('suggestions'),
  sampleQuestions,
  {
    send: (text, mode) => void send(text, mode),
    modeChange: (mode) => avatarEl?.setAttribute('mode', mode),
  },
);

const brains = new BrainSwitch($('brain-switch'), (brain) => void chooseBrain(brain));
const voice = new VoiceSettings($('voice-card'), (choice) => avatarEl && setVoice(avatarEl, choice));

contextBox.value = localStorage.getItem(saved.context) ?? sampleFaq;
contextBox.addEventListener('input', () => {
  localStorage.setItem(saved.context, contextBox.value);
  // Between calls the element takes the box as is; during one, "Apply" sends it (once, not per key).
  if (!liveStates.has(state)) avatarEl?.setAttribute('context', contextBox.value);
  refreshContextStatus();
  embed.update(picker.selected?.id ?? '', contextBox.value);
});
$('reset-context').addEventListener('click', () => {
  contextBox.value = sampleFaq;
  contextBox.dispatchEvent(new Event('input'));
});
$('clear-transcript').addEventListener('click', () => transcript.clear());

buttons.hangup.addEventListener('click', () => void avatarEl?.disconnect().catch(() => {}));
buttons.interrupt.addEventListener('click', () => void interrupt());
buttons.applyContext.addEventListener('click', applyContext);

void start();

async function start(): Promise<void> {
  refreshContextStatus();
  const [health, avatars] = await Promise.allSettled([fetchHealth(server), fetchAvatars(server)]);
  showMode(health.status === 'fulfilled' ? health.value.mode : 'down');
  brains.offer(health.status === 'fulfilled' ? health.value : undefined);
  voice.offer(health.status === 'fulfilled' ? health.value : undefined);
  if (avatars.status === 'rejected') {
    stageMessage(`Could not list the avatars: ${messageOf(avatars.reason)}`);
    return;
  }
  if (avatars.value.avatars.length === 0) {
    stageMessage('This broker offers no streaming avatars.');
    return;
  }
  $('avatar-count').textContent = `${avatars.value.avatars.length} available`;
  picker.render(avatars.value.avatars, localStorage.getItem(saved.avatar) ?? undefined);
  try {
    await loadAvatarElement(server);
  } catch (err) {
    stageMessage(`Could not load the widget from ${server}/a2e-avatar.js: ${messageOf(err)}`);
    return;
  }
  mountAvatar(picker.selected!);
}

function mountAvatar(avatar: AvatarSummary): void {
  const el = document.createElement('a2e-avatar') as AvatarElement;
  el.setAttribute('server', server);
  el.setAttribute('avatar-id', avatar.id);
  el.setAttribute('context', contextBox.value);
  el.setAttribute('language', navigator.language || 'en-US');
  el.setAttribute('mode', composer.mode);
  el.setAttribute('brain', brains.brain);
  // The page has its own composer and buttons, to time each call; the element shows the avatar,
  // its connect button and captions, its microphone (with its listening indicator and level
  // meter; it shows only where something can hear) and a mute button.
  el.setAttribute('controls', 'captions mic mute');
  setVoice(el, voice.choice);
  onAvatarEvent(el, 'a2e-state-change', ({ state: next, reason }) => onState(next, reason));
  onAvatarEvent(el, 'a2e-transcript', ({ role, text }) => transcript.add(role, text));
  onAvatarEvent(el, 'a2e-error', ({ message }) => {
    transcript.add('error', message);
    // What ended the conversation in error is its first error: later ones ("not connected") say less.
    if (state === 'error' && !$('state-detail').textContent) $('state-detail').textContent = message;
  });
  $('stage-video').append(el);
  $('stage-placeholder').hidden = true;
  avatarEl = el;
  showAvatar(avatar);
  onState(el.state ?? 'idle');
}

async function chooseAvatar(avatar: AvatarSummary): Promise<void> {
  localStorage.setItem(saved.avatar, avatar.id);
  showAvatar(avatar);
  if (!avatarEl) return;
  const el = avatarEl;
  const wasLive = liveStates.has(state);
  if (wasLive) await el.disconnect().catch(() => {});
  el.setAttribute('avatar-id', avatar.id);
  // Switching avatars mid-call is a new call with the new one, as a visitor would expect.
  if (wasLive) await el.connect().catch(() => {});
}

/** A new session began (from the element's own button or from script): time it from here. */
function onConnecting(el: AvatarElement): void {
  connectStarted = performance.now();
  sessionContext = el.getAttribute('context') ?? '';
  readouts.firstFrame(undefined);
  firstFrameWatch?.abort();
  const watch = (firstFrameWatch = new AbortController());
  watchFirstFrame(el, watch.signal).then(
    (at) => readouts.firstFrame(at - connectStarted),
    () => {},
  );
}

/** Who answers is fixed for a session: switching mid-call starts a new call with the other brain. */
async function chooseBrain(brain: 'a2e' | 'model'): Promise<void> {
  contextBox.maxLength = brains.contextLimit;
  voice.brain(brain);
  refreshContextStatus();
  const el = avatarEl;
  if (!el || el.getAttribute('brain') === brain) return;
  el.setAttribute('brain', brain);
  if (!liveStates.has(state)) return;
  await el.disconnect().catch(() => {});
  await el.connect().catch(() => {});
}

/** The element reads these at each press of its microphone, so a change needs no new call. */
function setVoice(el: AvatarElement, choice: VoiceChoice): void {
  el.setAttribute('voice', choice.voice);
  el.toggleAttribute('barge-in', choice.bargeIn);
}

/** Stops the answer in progress; the element says whether there was one it could stop. */
async function interrupt(): Promise<void> {
  let stopped: unknown;
  await timed('interrupt', async () => (stopped = await avatarEl!.interrupt()));
  transcript.add('system', stopped === true ? 'Interrupted' : 'Nothing to interrupt');
}

async function send(text: string, mode: AvatarMode): Promise<void> {
  const el = avatarEl;
  if (!el) return;
  // ask() puts the question in the transcript itself; speak() shows what the avatar says.
  await timed(mode, () => (mode === 'ask' ? el.ask(text) : el.speak(text)));
}

/** The element sends a changed `context` to the live session itself. */
function applyContext(): void {
  sessionContext = contextBox.value;
  avatarEl?.setAttribute('context', contextBox.value);
  transcript.add('system', 'Knowledge updated for this call');
  refreshContextStatus();
}

/** Runs one call on the element, timing its round trip; failures are already told by a2e-error. */
async function timed(method: string, call: () => Promise<unknown>): Promise<void> {
  try {
    await stats.time(method, call);
  } catch {
    // The element reports every failure as an a2e-error event, which the transcript shows.
  } finally {
    readouts.calls();
  }
}

function onState(next: AvatarState, reason?: string): void {
  const previous = state;
  state = next;
  const live = liveStates.has(next);
  const ready = next === 'connected' || next === 'speaking';
  const pill = $('state-pill');
  pill.dataset.state = next;
  pill.textContent = stateLabel(next);
  // An error's detail is its message (the a2e-error that follows); a reason alone would guess at the cause.
  $('state-detail').textContent = reason && !live && next !== 'error' ? endLabel(reason) : '';
  readouts.state(next, reason);
  if (next === 'connecting' && avatarEl) onConnecting(avatarEl);
  if (ready && previous === 'connecting') {
    stats.record('connect', performance.now() - connectStarted, true);
    readouts.calls();
  }

  buttons.interrupt.disabled = !ready;
  buttons.hangup.disabled = !live;
  composer.enable(ready);
  refreshContextStatus();

  if (ready && previous === 'connecting') {
    transcript.add('system', `Connected to ${picker.selected?.name ?? 'the avatar'}`);
    composer.focus();
  }
  if (next === 'disconnected' && liveStates.has(previous)) transcript.add('system', `Call ended${reason ? `: ${endLabel(reason)}` : ''}`);
  if (!live) {
    firstFrameWatch?.abort();
    // Edits made during the call and never applied are for the next one.
    avatarEl?.setAttribute('context', contextBox.value);
  }
  readouts.expiresAt(live && next !== 'connecting' ? () => expiryOf(avatarEl) : undefined);
}

/** The element's `expiresAt` (a heartbeat may move it), as epoch milliseconds. */
function expiryOf(el: AvatarElement | undefined): number | undefined {
  const at = el?.expiresAt;
  if (!at) return undefined;
  const ms = at instanceof Date ? at.getTime() : Date.parse(at);
  return Number.isFinite(ms) ? ms : undefined;
}

function refreshContextStatus(): void {
  const length = contextBox.value.length;
  const ready = state === 'connected' || state === 'speaking';
  const edited = ready && sessionContext !== undefined && sessionContext !== contextBox.value;
  buttons.applyContext.disabled = !edited;
  $('context-status').textContent = edited
    ? 'Edited: apply it to this call.'
    : `${length.toLocaleString()} / ${brains.contextLimit.toLocaleString()} characters`;
}

function showAvatar(avatar: AvatarSummary): void {
  $('who-name').textContent = avatar.name;
  const face = $<HTMLImageElement>('who-face');
  const preview = avatarFace(avatar);
  face.hidden = !(preview instanceof HTMLImageElement);
  if (preview instanceof HTMLImageElement) face.src = preview.src;
  embed.update(avatar.id, contextBox.value);
}

function showMode(mode: 'live' | 'simulator' | 'down'): void {
  const badge = $('mode-badge');
  badge.dataset.mode = mode;
  $('mode-text').textContent = { live: 'Live A2E', simulator: 'Simulator', down: 'Broker unreachable' }[mode];
  badge.title =
    mode === 'simulator'
      ? 'No A2E_API_KEY is set: this Worker runs its built-in A2E simulator.'
      : mode === 'live'
        ? 'This Worker talks to A2E with its API key.'
        : 'GET /health did not answer.';
}

function stageMessage(text: string): void {
  $('stage-message').textContent = text;
  $('stage-placeholder').hidden = false;
}

function stateLabel(state: AvatarState): string {
  return {
    idle: 'Ready',
    connecting: 'Connecting…',
    connected: 'Connected',
    speaking: 'Speaking',
    reconnecting: 'Reconnecting…',
    disconnected: 'Ended',
    error: 'Error',
  }[state];
}

function endLabel(reason: string): string {
  return (
    {
      client: 'you hung up',
      idle: 'ended after a quiet spell',
      expired: 'the session reached its time limit',
      network: 'the connection dropped',
      upstream: 'the avatar service ended it',
      'autoplay-blocked': 'the browser blocked playback',
    }[reason] ?? reason
  );
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
