import type { IAgoraRTC } from 'agora-rtc-sdk-ng';

/**
 * A stand-in for `agora-rtc-sdk-ng` at its module boundary, for unit tests only: records what
 * the transport asks of the SDK and lets a test fire the SDK's events. The media it hands out
 * are real MediaStreamTracks (canvas and WebAudio), so stream building and release are real.
 */
type Handler = (...args: unknown[]) => void;

export class FakeRemoteTrack {
  level = 0;
  readonly handlers = new Map<string, Set<Handler>>();
  constructor(public track: MediaStreamTrack) {}
  getMediaStreamTrack(): MediaStreamTrack {
    return this.track;
  }
  on(event: string, handler: Handler): void {
    if (!this.handlers.has(event)) this.handlers.set(event, new Set());
    this.handlers.get(event)!.add(handler);
  }
  off(event: string, handler: Handler): void {
    this.handlers.get(event)?.delete(handler);
  }
  listenerCount(): number {
    return [...this.handlers.values()].reduce((sum, set) => sum + set.size, 0);
  }
  /** The SDK replaced the underlying track, as it may after a reconnect. */
  replace(track: MediaStreamTrack): void {
    this.track = track;
    for (const handler of this.handlers.get('track-updated') ?? []) handler(track);
  }
  getVolumeLevel(): number {
    return this.level;
  }
}

export interface FakeRemoteUser {
  uid: number;
  videoTrack?: FakeRemoteTrack;
  audioTrack?: FakeRemoteTrack;
  /** What subscribe() attaches, by media type, as the real SDK does. */
  publishes: { video?: FakeRemoteTrack; audio?: FakeRemoteTrack };
}

export class FakeAgoraClient {
  readonly config: unknown;
  role: string | undefined;
  joinArgs: unknown[] | undefined;
  subscribed: [uid: number, mediaType: string][] = [];
  leaveCalls = 0;
  /** What join() does; by default it succeeds. */
  joinResult: () => Promise<unknown> = async () => 1;
  subscribeResult: () => Promise<void> = async () => undefined;
  private readonly handlers = new Map<string, Set<Handler>>();

  constructor(config: unknown) {
    this.config = config;
  }

  on(event: string, handler: Handler): void {
    if (!this.handlers.has(event)) this.handlers.set(event, new Set());
    this.handlers.get(event)!.add(handler);
  }
  off(event: string, handler: Handler): void {
    this.handlers.get(event)?.delete(handler);
  }
  listenerCount(): number {
    return [...this.handlers.values()].reduce((sum, set) => sum + set.size, 0);
  }
  emit(event: string, ...args: unknown[]): void {
    for (const handler of this.handlers.get(event) ?? []) handler(...args);
  }
  async setClientRole(role: string): Promise<void> {
    this.role = role;
  }
  join(...args: unknown[]): Promise<unknown> {
    this.joinArgs = args;
    return this.joinResult();
  }
  async subscribe(user: FakeRemoteUser, mediaType: 'audio' | 'video'): Promise<void> {
    this.subscribed.push([user.uid, mediaType]);
    await this.subscribeResult();
    if (mediaType === 'video') user.videoTrack = user.publishes.video;
    else user.audioTrack = user.publishes.audio;
  }
  async leave(): Promise<void> {
    this.leaveCalls += 1;
  }
}

export class FakeAgoraSdk {
  logLevel: number | undefined;
  logUploadDisabled = false;
  readonly clients: FakeAgoraClient[] = [];
  /** Set before createClient runs, to shape the next client's behaviour. */
  prepare: (client: FakeAgoraClient) => void = () => undefined;

  setLogLevel(level: number): void {
    this.logLevel = level;
  }
  disableLogUpload(): void {
    this.logUploadDisabled = true;
  }
  createClient(config: unknown): FakeAgoraClient {
    const client = new FakeAgoraClient(config);
    this.prepare(client);
    this.clients.push(client);
    return client;
  }
  asSdk(): IAgoraRTC {
    return this as unknown as IAgoraRTC;
  }
}

/** A live video track whose frames keep changing, as a remote avatar's would. */
export function liveVideoTrack(): { track: MediaStreamTrack; stop(): void } {
  const canvas = document.createElement('canvas');
  canvas.width = 64;
  canvas.height = 64;
  const context = canvas.getContext('2d')!;
  let frame = 0;
  const paint = () => {
    context.fillStyle = `hsl(${(frame += 17) % 360} 60% 50%)`;
    context.fillRect(0, 0, 64, 64);
  };
  paint();
  const timer = setInterval(paint, 30);
  const track = canvas.captureStream(30).getVideoTracks()[0]!;
  return { track, stop: () => clearInterval(timer) };
}

/** A live audio track (WebAudio), closed with the returned stop(). */
export function liveAudioTrack(): { track: MediaStreamTrack; stop(): Promise<void> } {
  const context = new AudioContext();
  const destination = context.createMediaStreamDestination();
  const oscillator = context.createOscillator();
  oscillator.connect(destination);
  oscillator.start();
  const track = destination.stream.getAudioTracks()[0]!;
  return { track, stop: () => context.close() };
}
