import type { SessionRtc } from '../../protocol/broker-api';

/**
 * How the element reaches the avatar's media, whatever carries it. The element never imports a
 * transport directly: it loads one through `loadTransport`, so Agora stays a lazy chunk.
 */
export interface AvatarTransport {
  readonly kind: SessionRtc['transport'];
  /**
   * Joins the room and resolves once joined; the avatar's media arrives later through
   * `onStream`. Rejects with a TransportError (code `join_timeout` after `joinTimeoutMs`).
   */
  join(rtc: SessionRtc, options: JoinOptions): Promise<void>;
  /** Cuts the avatar short where the carrier allows it; resolves false where it cannot. */
  interrupt(): Promise<boolean>;
  /** Leaves and releases every track, socket, timer and listener. Idempotent. */
  leave(): Promise<void>;
}

export interface JoinOptions {
  /** The broker's origin, for transports whose room lives there (the simulator). */
  server: string;
  joinTimeoutMs: number;
  /** The video codec to ask the carrier for, where it has a choice (Agora's client); default per transport. */
  codec?: VideoCodec;
  signal?: AbortSignal;
  events: TransportEvents;
}

/** What a transport reports; the element maps these to its public states and events in one place. */
export interface TransportEvents {
  /** The avatar's audio and video, as one stream for the element's <video>. May repeat when tracks change. */
  stream(stream: MediaStream): void;
  /** The first video frame was decoded (for the poster swap and the connect-to-first-frame metric). */
  firstFrame?(): void;
  speaking(speaking: boolean): void;
  /**
   * A finished line of the avatar: a whole answer (A2E's QA stream messages, in both transports),
   * or what it starts to say where the carrier tells (the simulator's room does for speak).
   */
  avatarText?(text: string): void;
  /**
   * The avatar's answer so far while it arrives in pieces: the whole text each time, replacing
   * the last. Once the answer ends, `avatarText` gives it whole, once.
   */
  avatarTextPartial?(text: string): void;
  /**
   * The connection dropped and the carrier is retrying, or it recovered. `connected` comes only
   * after a `reconnecting` (a successful join() is the first "connected"); if the carrier gives
   * up, `ended('network')` follows instead.
   */
  connection(state: 'connected' | 'reconnecting'): void;
  /**
   * The room is gone for good: expired, closed upstream (or ended elsewhere) or the network
   * failed. Not called for the transport's own leave(). Everything is already released.
   */
  ended(reason: EndReason, message?: string): void;
  /** The RTC token is about to expire (Agora's `token-privilege-will-expire`). */
  tokenExpiring?(): void;
}

/** Video codecs an Agora client can be made with. */
export type VideoCodec = 'h264' | 'vp8' | 'vp9' | 'av1';
export const VIDEO_CODECS: readonly VideoCodec[] = ['h264', 'vp8', 'vp9', 'av1'];

export type EndReason = 'client' | 'idle' | 'expired' | 'network' | 'upstream' | 'autoplay-blocked';

export class TransportError extends Error {
  constructor(
    readonly code: 'join_timeout' | 'join_failed' | 'media_failed' | 'unsupported',
    message: string,
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

export type TransportFactory = () => AvatarTransport;

/** Starts loading a transport's code; Agora's SDK is a separate chunk fetched only here. */
export async function loadTransport(kind: SessionRtc['transport']): Promise<TransportFactory> {
  if (kind === 'agora') {
    const { AgoraTransport, loadAgoraSdk } = await import('./agora-transport');
    // The SDK chunk starts downloading now, while the element asks the broker for a session.
    const sdk = loadAgoraSdk();
    sdk.catch(() => undefined);
    return () => new AgoraTransport({ loadSdk: () => sdk });
  }
  const { SimulatorTransport } = await import('./simulator-transport');
  return () => new SimulatorTransport();
}
