import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import '../index';
import { FakeBroker } from '../test/fake-broker';
import { FakeTransports } from '../test/fake-transport';
import { A2eAvatar } from './a2e-avatar';
import type { A2eStateChangeDetail, A2eTranscriptDetail } from './events';

let broker: FakeBroker;
let transports: FakeTransports;
let el: A2eAvatar;

function mount(attributes: Record<string, string> = {}): A2eAvatar {
  const node = document.createElement('a2e-avatar');
  node.setAttribute('server', broker.server);
  node.setAttribute('avatar-id', 'ava');
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  document.body.append(node);
  return node;
}

const part = (name: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);

async function connected(): Promise<void> {
  await el.connect();
  await el.updateComplete;
}

beforeEach(() => {
  broker = new FakeBroker();
  transports = new FakeTransports();
  A2eAvatar.sessionDeps = { fetch: broker.fetch, loadTransport: transports.load };
  // As with A2E, the answer to an ask arrives through the room, not in the broker's reply.
  broker.answered = (answer) => transports.last.answer(answer);
});

afterEach(async () => {
  await el?.disconnect();
  el?.remove();
  vi.restoreAllMocks();
});

describe('<a2e-avatar>', () => {
  it('defines itself on import, typed through HTMLElementTagNameMap', () => {
    el = document.createElement('a2e-avatar');
    expect(el).toBeInstanceOf(A2eAvatar);
    expect(el.state).toBe('idle');
  });

  it('puts an option back to its default when its attribute is removed or its property unset', async () => {
    el = mount({ controls: 'chat', mode: 'speak', 'join-timeout': '5000' });
    await el.updateComplete;
    el.removeAttribute('controls');
    el.removeAttribute('join-timeout');
    (el as unknown as Record<string, unknown>).mode = undefined;
    (el as unknown as Record<string, unknown>).strings = undefined;
    await el.updateComplete;
    expect([el.controls, el.joinTimeout, el.mode, el.strings]).toEqual(['chat mic mute hangup captions', 15_000, 'ask', {}]);
    await connected();
    expect(part('hangup-button')).not.toBeNull();
  });

  it('shows the avatar preview as poster and a connect button before connecting', async () => {
    el = mount();
    await vi.waitFor(() => expect(part('video')!.getAttribute('poster')).toMatch(/^data:image\/gif/));
    expect(part('connect-button')!.textContent!.trim()).toBe('Start conversation');
    expect(part('controls')).toBeNull();
    expect(broker.callsTo('POST /v1/sessions')).toHaveLength(0);
  });

  it('warms the transport’s code once it is on screen (preload=visible, the default), never a session', async () => {
    el = mount();
    await vi.waitFor(() => expect(transports.loads).toEqual(['simulator']));
    expect(transports.made).toEqual([]);
    const calls = () => broker.calls.map((call) => `${call.method} ${call.path}`);
    // With the code, the broker's health (who answers): connect() then sends the session request alone.
    await vi.waitFor(() => expect(calls()).toEqual(['GET /v1/avatars', 'GET /health']));
    await connected();
    expect(calls()).toEqual(['GET /v1/avatars', 'GET /health', 'POST /v1/sessions']);
  });

  it('with preload=none, loads no transport before connect()', async () => {
    el = mount({ preload: 'none' });
    await vi.waitFor(() => expect(part('video')!.getAttribute('poster')).toMatch(/^data:image\/gif/));
    await new Promise((resolve) => requestIdleCallback(resolve, { timeout: 1_000 }));
    expect(transports.loads).toEqual([]);
    await connected();
    expect(transports.loads).toEqual(['simulator']);
  });

  it('connects from its button, announces each state and plays the stream', async () => {
    el = mount({ preload: 'none' });
    await el.updateComplete;
    const seen: A2eStateChangeDetail[] = [];
    const listener = (e: CustomEvent<A2eStateChangeDetail>) => seen.push(e.detail);
    document.addEventListener('a2e-state-change', listener); // bubbles and composed: the page sees it
    part('connect-button')!.click();
    await vi.waitFor(() => expect(el.state).toBe('connected'));
    document.removeEventListener('a2e-state-change', listener);
    expect(seen.map((d) => d.state)).toEqual(['connecting', 'connected']);
    // Typed as the avatar list said: the simulator, loaded once.
    expect(transports.loads).toEqual(['simulator']);
    await el.updateComplete;
    const video = part('video') as HTMLVideoElement;
    // The picture plays in the <video>, muted and inline; the voice beside it in an <audio>.
    const audio = el.shadowRoot!.querySelector('audio')!;
    await vi.waitFor(() => expect((video.srcObject as MediaStream | null)?.getTracks()).toEqual(transports.last.stream!.getVideoTracks()));
    expect((audio.srcObject as MediaStream).getTracks()).toEqual(transports.last.stream!.getAudioTracks());
    expect(video.playsInline).toBe(true);
    expect(video.muted).toBe(true);
    // No browser "pop out" button over the face: the picture would leave its voice, captions and chat behind.
    expect(video.disablePictureInPicture).toBe(true);
    expect(part('controls')).not.toBeNull();
    expect(part('hangup-button')!.getAttribute('aria-label')).toBe('End conversation');
  });

  it('shows a loading state while connecting', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const create = broker.routes.get('POST /v1/sessions')!;
    broker.on('POST /v1/sessions', async (call) => (await gate, create(call)));
    el = mount();
    const connecting = el.connect();
    await el.updateComplete;
    expect(el.state).toBe('connecting');
    expect(part('spinner')).not.toBeNull();
    expect(part('status')!.textContent).toBe('Connecting...');
    release();
    await connecting;
  });

  it('asks from the text box and shows both lines in the live captions', async () => {
    el = mount();
    await connected();
    const lines: A2eTranscriptDetail[] = [];
    el.addEventListener('a2e-transcript', (e) => lines.push(e.detail));
    const input = part('input') as HTMLInputElement;
    input.value = 'When do you open?';
    part('send-button')!.click();
    await vi.waitFor(() => expect(lines).toHaveLength(2));
    expect(lines).toEqual([
      { role: 'user', text: 'When do you open?' },
      { role: 'avatar', text: 'We open at nine.' },
    ]);
    await el.updateComplete;
    const captions = part('captions')!;
    expect(captions.getAttribute('aria-live')).toBe('polite');
    expect(captions.textContent).toContain('We open at nine.');
    expect(input.value).toBe('');
  });

  it('grows an answer that arrives in pieces in one caption line, and announces it once', async () => {
    el = mount();
    await connected();
    broker.answered = undefined;
    const lines: A2eTranscriptDetail[] = [];
    el.addEventListener('a2e-transcript', (e) => lines.push(e.detail));
    await el.ask('When do you open?');
    const events = transports.last.events!;
    const captions = () => [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part~="caption"]')];
    const texts = () => captions().map((c) => c.textContent!.replace(/\s+/g, ' ').trim());

    events.avatarTextPartial!('We open');
    await el.updateComplete;
    const line = captions()[1]!;
    expect(line.textContent).toContain('We open');
    expect(part('captions')!.getAttribute('aria-busy')).toBe('true');

    events.avatarTextPartial!('We open at nine,');
    await el.updateComplete;
    expect(texts()).toEqual(['You: When do you open?', 'Avatar: We open at nine,']);
    expect(captions()[1]).toBe(line); // the same line, grown
    expect(lines.filter((l) => l.role === 'avatar')).toEqual([]);

    events.avatarText!('We open at nine, every day.');
    await el.updateComplete;
    expect(texts()).toEqual(['You: When do you open?', 'Avatar: We open at nine, every day.']);
    expect(part('captions')!.getAttribute('aria-busy')).toBe('false');
    expect(lines).toEqual([
      { role: 'user', text: 'When do you open?' },
      { role: 'avatar', text: 'We open at nine, every day.' },
    ]);

    // The next answer grows a line of its own; the finished one stays as it was.
    events.avatarTextPartial!('Also on');
    await el.updateComplete;
    expect(texts()).toEqual(['Avatar: We open at nine, every day.', 'Avatar: Also on']);
  });

  it('keeps a long answer whole in its caption: it scrolls, and what the visitor said stays short', async () => {
    el = mount();
    el.style.cssText = 'display: block; width: 360px; height: 480px';
    broker.answer = Array.from({ length: 12 }, (_, i) => `Sentence ${i + 1} of a long answer.`).join(' ');
    await connected();
    await el.ask(Array.from({ length: 20 }, () => 'a long question').join(' '));
    await el.updateComplete;
    const [user, avatar] = [...el.shadowRoot!.querySelectorAll<HTMLElement>('[part~="caption"]')];
    expect(avatar!.textContent).toContain('Sentence 12 of a long answer.');
    expect(getComputedStyle(avatar!).overflowY).toBe('auto');
    expect(avatar!.scrollHeight).toBeGreaterThan(avatar!.clientHeight);
    avatar!.scrollTop = avatar!.scrollHeight;
    expect(avatar!.scrollTop + avatar!.clientHeight).toBeGreaterThanOrEqual(avatar!.scrollHeight - 1);
    const lineHeight = parseFloat(getComputedStyle(user!).lineHeight);
    expect(user!.clientHeight).toBeLessThanOrEqual(2 * lineHeight + 12 + 1);
  });

  it('speaks from the text box in speak mode', async () => {
    el = mount({ mode: 'speak' });
    await connected();
    (part('input') as HTMLInputElement).value = 'Welcome!';
    part('send-button')!.click();
    await vi.waitFor(() => expect(broker.callsTo('POST /v1/sessions/:id/speak')).toHaveLength(1));
    expect(broker.callsTo('POST /v1/sessions/:id/ask')).toHaveLength(0);
  });

  it('reports the speaking state and interrupts on Escape', async () => {
    el = mount();
    await connected();
    transports.last.events!.speaking(true);
    expect(el.state).toBe('speaking');
    part('input')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    await vi.waitFor(() => expect(transports.last.interrupted).toBe(1));
  });

  it('hangs up from its button: leave at the broker, disconnected, connect button back', async () => {
    el = mount();
    await connected();
    part('hangup-button')!.click();
    await vi.waitFor(() => expect(broker.callsTo('POST /v1/sessions/:id/leave')).toHaveLength(1));
    await el.updateComplete;
    expect(el.state).toBe('disconnected');
    expect(el.reason).toBe('client');
    expect(part('connect-button')!.textContent!.trim()).toBe('Talk again');
    expect((part('video') as HTMLVideoElement).srcObject).toBeNull();
  });

  it('ends the session when removed from the page, but not when moved', async () => {
    el = mount();
    await connected();
    const other = document.createElement('div');
    document.body.append(other);
    other.append(el); // a move: removed and inserted in the same task
    await Promise.resolve();
    expect(el.state).toBe('connected');
    el.remove();
    await vi.waitFor(() => expect(broker.callsTo('POST /v1/sessions/:id/leave')).toHaveLength(1));
    expect(el.state).toBe('disconnected');
    other.remove();
  });

  it('rejects commands when not connected, with an a2e-error event', async () => {
    el = mount();
    const errors: string[] = [];
    el.addEventListener('a2e-error', (e) => errors.push(e.detail.code));
    await expect(el.speak('hi')).rejects.toMatchObject({ code: 'not_connected' });
    expect(errors).toEqual(['not_connected']);
  });

  it('shows an error with a retry that connects again', async () => {
    broker.on('POST /v1/sessions', () => new Response('busy', { status: 503 }));
    el = mount();
    await el.connect().catch(() => {});
    await el.updateComplete;
    expect(el.state).toBe('error');
    expect(part('error')!.getAttribute('role')).toBe('alert');
    broker.on('POST /v1/sessions', () =>
      Response.json({ sessionId: 's9', ticket: 'k', expiresAt: new Date(Date.now() + 60_000).toISOString(), idleSeconds: 60, rtc: broker.rtc }, { status: 201 }),
    );
    part('retry-button')!.click();
    await vi.waitFor(() => expect(el.state).toBe('connected'));
  });

  it('asks for a tap when the browser blocks sound, and turns it on from that tap', async () => {
    const realPlay = HTMLMediaElement.prototype.play;
    vi.spyOn(HTMLMediaElement.prototype, 'play').mockImplementation(function (this: HTMLMediaElement) {
      return this.muted ? realPlay.call(this) : Promise.reject(new DOMException('needs a gesture', 'NotAllowedError'));
    });
    el = mount();
    const errors: string[] = [];
    el.addEventListener('a2e-error', (e) => errors.push(e.detail.code));
    await connected();
    await vi.waitFor(() => expect(part('unmute-button')).not.toBeNull());
    const video = part('video') as HTMLVideoElement;
    const audio = el.shadowRoot!.querySelector('audio')!;
    expect(video.paused).toBe(false); // the face still shows, without sound
    expect(audio.paused).toBe(true);
    expect(part('unmute-button')!.textContent).toBe('Tap to turn sound on');
    expect(errors).toEqual(['autoplay_blocked']);
    vi.mocked(HTMLMediaElement.prototype.play).mockImplementation(function (this: HTMLMediaElement) {
      return realPlay.call(this);
    });
    part('unmute-button')!.click();
    await el.updateComplete;
    expect(part('unmute-button')).toBeNull();
    expect(audio.muted).toBe(false);
    await vi.waitFor(() => expect(audio.paused).toBe(false));
  });

  it('never puts the voice in the video: the picture cannot wait on sound that cannot start', async () => {
    el = mount();
    await connected();
    const video = part('video') as HTMLVideoElement;
    await vi.waitFor(() => expect(video.srcObject).not.toBeNull());
    expect((video.srcObject as MediaStream).getAudioTracks()).toEqual([]);
  });

  it('mutes and unmutes from its button', async () => {
    el = mount();
    await connected();
    part('mute-button')!.click();
    await el.updateComplete;
    expect(el.muted).toBe(true);
    expect(el.hasAttribute('muted')).toBe(true);
    expect(el.shadowRoot!.querySelector('audio')!.muted).toBe(true);
    expect(part('mute-button')!.getAttribute('aria-pressed')).toBe('true');
  });

  it('shows only the controls asked for, or none', async () => {
    el = mount({ controls: 'hangup' });
    await connected();
    expect(part('hangup-button')).not.toBeNull();
    expect(part('input')).toBeNull();
    expect(part('mute-button')).toBeNull();
    el.noControls = true;
    await el.updateComplete;
    expect(part('controls')).toBeNull();
  });

  it('hides the microphone where the browser has no speech recognition', async () => {
    const w = window as unknown as Record<string, unknown>;
    const saved = { SpeechRecognition: w.SpeechRecognition, webkitSpeechRecognition: w.webkitSpeechRecognition };
    class FakeRecognition extends EventTarget {}
    w.webkitSpeechRecognition = FakeRecognition;
    try {
      el = mount();
      await connected();
      expect(part('mic-button')).not.toBeNull();
      w.SpeechRecognition = undefined;
      w.webkitSpeechRecognition = undefined;
      el.requestUpdate();
      await el.updateComplete;
      expect(part('mic-button')).toBeNull();
    } finally {
      Object.assign(w, saved);
    }
  });

  it('shows a notice when a message fails mid-conversation, keeps the text to resend, and clears it on the next send', async () => {
    el = mount();
    await connected();
    const message = 'Too many messages sent to this avatar. Wait 10 seconds and try again.';
    broker.on('POST /v1/sessions/:id/ask', () =>
      Response.json({ error: { code: 'rate_limited', message, requestId: 'r1' } }, { status: 429, headers: { 'Retry-After': '10' } }),
    );
    const errors: unknown[] = [];
    el.addEventListener('a2e-error', (e) => errors.push(e.detail));
    const input = part('input') as HTMLInputElement;
    input.value = 'Do you ship to Canada?';
    part('send-button')!.click();
    await vi.waitFor(() => expect(part('notice')?.textContent).toBe(message));
    expect(part('notice')!.getAttribute('role')).toBe('status');
    expect(errors).toEqual([{ code: 'rate_limited', message }]);
    expect(input.value).toBe('Do you ship to Canada?');
    expect(el.state).toBe('connected');
    expect(part('error')).toBeNull();

    broker.on('POST /v1/sessions/:id/ask', () => Response.json({ ok: true, text: 'We do.' }));
    part('send-button')!.click();
    await vi.waitFor(() => expect(part('notice')).toBeNull());
  });

  it('says so when the microphone is blocked, instead of failing silently', async () => {
    const w = window as unknown as Record<string, unknown>;
    const saved = { SpeechRecognition: w.SpeechRecognition, webkitSpeechRecognition: w.webkitSpeechRecognition };
    class BlockedRecognition extends EventTarget {
      onerror: ((event: { error: string }) => void) | null = null;
      onend: (() => void) | null = null;
      start() {
        setTimeout(() => {
          this.onerror?.({ error: 'not-allowed' });
          this.onend?.();
        });
      }
      stop() {}
      abort() {}
    }
    w.SpeechRecognition = BlockedRecognition;
    try {
      el = mount();
      await connected();
      const errors: { code: string }[] = [];
      el.addEventListener('a2e-error', (e) => errors.push(e.detail));
      part('mic-button')!.click();
      // The voice code is a chunk loaded at this first press.
      await vi.waitFor(() => expect(errors.map((e) => e.code)).toEqual(['microphone_blocked']), { timeout: 5000 });
      await el.updateComplete;
      expect(part('notice')!.textContent).toMatch(/microphone is blocked/);
      expect(part('mic-button')!.getAttribute('aria-pressed')).toBe('false');
    } finally {
      Object.assign(w, saved);
    }
  });

  it('lets every visible string be replaced', async () => {
    el = mount();
    el.strings = { connect: 'Parler avec Ava', hangUp: 'Raccrocher' };
    await el.updateComplete;
    expect(part('connect-button')!.textContent!.trim()).toBe('Parler avec Ava');
    await connected();
    expect(part('hangup-button')!.getAttribute('aria-label')).toBe('Raccrocher');
  });

  it('connects by itself with auto-connect and sends the context', async () => {
    el = mount({ 'auto-connect': '', context: 'We sell bikes.' });
    await vi.waitFor(() => expect(el.state).toBe('connected'));
    expect(broker.callsTo('POST /v1/sessions')[0]!.body).toMatchObject({ avatarId: 'ava', context: 'We sell bikes.' });
    el.context = 'We sell bikes and scooters.';
    await vi.waitFor(() => expect(broker.callsTo('POST /v1/sessions/:id/context')).toHaveLength(1));
    expect(broker.callsTo('POST /v1/sessions/:id/context')[0]!.body).toEqual({ context: 'We sell bikes and scooters.' });
  });

  it('passes its brain attribute as the session’s brain, and interrupts the model at the broker', async () => {
    el = mount({ brain: 'model' });
    await connected();
    expect(broker.callsTo('POST /v1/sessions')[0]!.body).toMatchObject({ avatarId: 'ava', brain: 'model' });
    broker.on('POST /v1/sessions/:id/interrupt', () => Response.json({ ok: true, interrupted: true }));
    await expect(el.interrupt()).resolves.toBe(true);
    expect(broker.callsTo('POST /v1/sessions/:id/interrupt')).toHaveLength(1);
  });
});
