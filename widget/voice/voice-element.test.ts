import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import '../index';
import { A2eAvatar } from '../a2e-avatar/a2e-avatar';
import type { A2eTranscriptDetail } from '../a2e-avatar/events';
import { FakeBroker, json } from '../test/fake-broker';
import { FakeMic } from '../test/fake-mic';
import { FakeTransports } from '../test/fake-transport';

/** Real audio runs in real time, and a loaded machine delays it: every wait on the voice has room. */
const PATIENCE = { timeout: 10_000 };

/**
 * `<a2e-avatar>`'s voice with the broker's speech-to-text, in Chromium, with a fake microphone
 * (a tone) behind getUserMedia: the real capture, detector, recorder and lazy chunk.
 */
let broker: FakeBroker;
let transports: FakeTransports;
let mic: FakeMic;
let el: A2eAvatar;
/** The multipart bodies the widget sent to transcribe. */
let uploads: { form: FormData; headers: Headers }[];

const part = (name: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
const w = window as unknown as Record<string, unknown>;
const savedRecognition = { SpeechRecognition: w.SpeechRecognition, webkitSpeechRecognition: w.webkitSpeechRecognition };

function mount(attributes: Record<string, string>): A2eAvatar {
  const node = document.createElement('a2e-avatar');
  node.setAttribute('server', broker.server);
  node.setAttribute('avatar-id', 'ava');
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  document.body.append(node);
  return node;
}

async function connected(attributes: Record<string, string>): Promise<void> {
  el = mount(attributes);
  await el.connect();
  await el.updateComplete;
}

const level = () => Number(part('level')?.style.getPropertyValue('--a2e-level') || 0);

/**
 * The visitor says one turn into the fake microphone: talks until the element's level meter shows
 * the voice has arrived, and well past the detector's start, then falls silent.
 */
async function sayTurn(): Promise<void> {
  await vi.waitFor(() => expect(el.listening).toBe(true), PATIENCE);
  const before = uploads.length;
  mic.talk(true);
  await vi.waitFor(() => expect(level()).toBeGreaterThan(0.1), PATIENCE);
  await new Promise((resolve) => setTimeout(resolve, 700));
  mic.talk(false);
  await vi.waitFor(() => expect(uploads.length).toBe(before + 1), PATIENCE);
}

beforeEach(() => {
  broker = new FakeBroker();
  transports = new FakeTransports();
  mic = new FakeMic();
  uploads = [];
  broker.on('GET /health', () => json({ ok: true, mode: 'simulator', brain: 'a2e', stt: true }));
  broker.on('POST /v1/sessions/:id/transcribe', () => json({ text: 'Do you ship to Canada?' }));
  const fetch: typeof window.fetch = (input, init) => {
    if (init?.body instanceof FormData) uploads.push({ form: init.body, headers: new Headers(init.headers) });
    return broker.fetch(input, init);
  };
  A2eAvatar.sessionDeps = { fetch, loadTransport: transports.load };
  vi.spyOn(navigator.mediaDevices, 'getUserMedia').mockImplementation(mic.getUserMedia);
});

afterEach(async () => {
  await el?.disconnect();
  el?.remove();
  mic.close();
  Object.assign(w, savedRecognition);
  vi.restoreAllMocks();
});

describe('<a2e-avatar> voice on the broker’s speech-to-text', { timeout: 60_000 }, () => {
  it('sends each turn as multipart with the ticket as a part (no preflight), and asks what it said', async () => {
    await connected({ voice: 'hands-free', 'speech-engine': 'server' });
    const transcripts: A2eTranscriptDetail[] = [];
    el.addEventListener('a2e-transcript', (e) => transcripts.push(e.detail));
    part('mic-button')!.click();
    await sayTurn();
    const [{ form, headers }] = uploads as [(typeof uploads)[0]];
    expect([...headers.keys()]).toEqual([]);
    expect(form.get('ticket')).toBe('ticket-1');
    expect((form.get('file') as File).type).toMatch(/^audio\/webm/);
    await vi.waitFor(() => expect(broker.callsTo('POST /v1/sessions/:id/ask')).toHaveLength(1), PATIENCE);
    expect(broker.callsTo('POST /v1/sessions/:id/ask')[0]!.body).toEqual({ question: 'Do you ship to Canada?' });
    expect(transcripts[0]).toEqual({ role: 'user', text: 'Do you ship to Canada?' });
  });

  it('shows it listens (part listening, property and attribute), with a level meter, and pauses while the avatar talks', async () => {
    await connected({ voice: 'hands-free', 'speech-engine': 'server' });
    part('mic-button')!.click();
    await vi.waitFor(() => expect(el.listening).toBe(true), PATIENCE);
    await el.updateComplete;
    expect(part('listening')).not.toBeNull();
    expect(el.hasAttribute('listening')).toBe(true);
    expect(part('mic-button')!.getAttribute('aria-pressed')).toBe('true');
    mic.talk(true);
    await vi.waitFor(() => expect(level()).toBeGreaterThan(0.1), PATIENCE);
    mic.talk(false);

    const listeningAtSpeaking: boolean[] = [];
    el.addEventListener('a2e-state-change', (e) => e.detail.state === 'speaking' && listeningAtSpeaking.push(el.listening));
    transports.last.events!.speaking(true);
    expect(listeningAtSpeaking).toEqual([false]);
    await el.updateComplete;
    expect(part('listening')).toBeNull();
    expect(part('mic-button')!.getAttribute('aria-pressed')).toBe('true');
    transports.last.events!.speaking(false);
    await vi.waitFor(() => expect(el.listening).toBe(true), PATIENCE);
  });

  it('with barge-in, the visitor speaking over the avatar interrupts it', async () => {
    await connected({ voice: 'hands-free', 'speech-engine': 'server', 'barge-in': '' });
    const interrupt = vi.spyOn(el, 'interrupt');
    part('mic-button')!.click();
    await vi.waitFor(() => expect(el.listening).toBe(true), PATIENCE);
    transports.last.events!.speaking(true);
    expect(el.state).toBe('speaking');
    mic.talk(true);
    await vi.waitFor(() => expect(interrupt).toHaveBeenCalledOnce(), PATIENCE);
    expect(transports.last.interrupted).toBe(1);
    expect(el.state).toBe('connected');
    mic.talk(false);
    await vi.waitFor(() => expect(uploads).toHaveLength(1), PATIENCE);
  });

  it('in a browser without speech recognition (Firefox), offers the microphone where the broker transcribes', async () => {
    w.SpeechRecognition = undefined;
    w.webkitSpeechRecognition = undefined;
    // Hands-free, which has no time limit for the first word (push-to-talk's is 8 s, which a
    // loaded test machine's audio can miss); push-to-talk's one turn is voice-loop.test.ts's.
    el = mount({ voice: 'hands-free' });
    await el.connect();
    await vi.waitFor(() => expect(part('mic-button')).not.toBeNull(), PATIENCE);
    part('mic-button')!.click();
    await sayTurn();
    await vi.waitFor(() => expect(broker.callsTo('POST /v1/sessions/:id/ask')).toHaveLength(1), PATIENCE);
  });

  it('offers no microphone there when the broker has no speech-to-text, nor anywhere with voice="off"', async () => {
    w.SpeechRecognition = undefined;
    w.webkitSpeechRecognition = undefined;
    let answered = 0;
    broker.on('GET /health', () => (answered++, json({ ok: true, mode: 'simulator', brain: 'a2e', stt: false })));
    await connected({});
    // The session (its default brain) and the microphone (whether it transcribes) share one answer.
    await vi.waitFor(() => expect(answered).toBe(1), PATIENCE);
    await el.updateComplete;
    expect(part('mic-button')).toBeNull();
    Object.assign(w, savedRecognition);
    el.voice = 'off';
    await el.updateComplete;
    expect(part('mic-button')).toBeNull();
    el.voice = 'push-to-talk';
    await el.updateComplete;
    expect(part('mic-button')).not.toBeNull();
    expect(answered).toBe(1);
  });

  it('says so when the microphone is blocked', async () => {
    vi.mocked(navigator.mediaDevices.getUserMedia).mockRejectedValue(new DOMException('denied', 'NotAllowedError'));
    await connected({ 'speech-engine': 'server' });
    const errors: { code: string }[] = [];
    el.addEventListener('a2e-error', (e) => errors.push(e.detail));
    part('mic-button')!.click();
    await vi.waitFor(() => expect(errors.map((e) => e.code)).toEqual(['microphone_blocked']), PATIENCE);
    await el.updateComplete;
    expect(part('notice')!.textContent).toMatch(/microphone is blocked/);
    expect(part('mic-button')!.getAttribute('aria-pressed')).toBe('false');
  });

  it('lets go of the microphone at hang-up', async () => {
    await connected({ voice: 'hands-free', 'speech-engine': 'server' });
    part('mic-button')!.click();
    await vi.waitFor(() => expect(el.listening).toBe(true), PATIENCE);
    const [stream] = await Promise.all(vi.mocked(navigator.mediaDevices.getUserMedia).mock.results.map((r) => r.value as Promise<MediaStream>));
    await el.disconnect();
    await vi.waitFor(() => expect(stream!.getAudioTracks().every((track) => track.readyState === 'ended')).toBe(true), PATIENCE);
    expect(el.listening).toBe(false);
  });
});
