import type {
  ConnectionDisconnectedReason,
  ConnectionState,
  IAgoraRTC,
  IAgoraRTCClient,
  IAgoraRTCRemoteUser,
  IRemoteAudioTrack,
  IRemoteVideoTrack,
  UID,
} from 'agora-rtc-sdk-ng';
import type { AgoraRtc, SessionRtc } from '../../protocol/broker-api';
import { watchFirstFrame } from './first-frame-probe';
import { withinJoinBound } from './join-bound';
import { SpeakingDetector, type SpeakingDetectorOptions } from './speaking-detector';
import { transportQaStream, type QaStream, type QaStreamOptions } from './qa-stream';
import { StreamMessageChunks } from './stream-message-chunks';
import type { AvatarTransport, EndReason, JoinOptions, VideoCodec } from './transport';
import { TransportError } from './transport';
import { TransportLifecycle } from './transport-lifecycle';

/** Fetches the Agora SDK; injectable so unit tests can hand in a fake at the module boundary. */
export type AgoraSdkLoader = () => Promise<IAgoraRTC>;

/** The real SDK, as its own lazy chunk: only pages that start an Agora session download it. */
export const loadAgoraSdk: AgoraSdkLoader = async () => (await import('agora-rtc-sdk-ng')).default;

export interface AgoraTransportOptions {
  loadSdk?: AgoraSdkLoader;
  /** How often the avatar's audio level is sampled for the `speaking` state. */
  volumePollMs?: number;
  speaking?: SpeakingDetectorOptions;
  qa?: QaStreamOptions;
}

/**
 * H.264 unless the page asks for another (attribute `codec`): Agora documents H.264 for receiving
 * in Safari on every iOS it supports (iOS 11 on; VP8/VP9 only from 12.2), its API reference notes
 * that older Safari has no VP8, and its guidance is h264 wherever Safari takes part. VP8 is what
 * turns up as black video on iOS in other SDKs. (Agora docs: "Supported platforms", iOS; ClientConfig.codec.)
 */
export const DEFAULT_CODEC: VideoCodec = 'h264';

/** Agora's log levels run 0 (debug) to 4 (none); 3 keeps errors only, since the console is the host page's. */
const AGORA_LOG_LEVEL_ERROR = 3;

type Listener = (...args: never[]) => void;

/**
 * The avatar's media over Agora RTC: joins the session's channel as an audience member,
 * subscribes to what the avatar publishes and hands it to the element as one MediaStream.
 */
export class AgoraTransport extends TransportLifecycle implements AvatarTransport {
  readonly kind = 'agora' as const;
  private readonly sdk: Promise<IAgoraRTC>;
  private readonly volumePollMs: number;
  private readonly speaking: SpeakingDetector;
  private readonly chunks = new StreamMessageChunks();
  private readonly qa: QaStream;
  private client: IAgoraRTCClient | undefined;
  private listeners: [event: string, listener: Listener][] = [];
  private avatarUid: UID | undefined;
  private videoTrack: IRemoteVideoTrack | undefined;
  private audioTrack: IRemoteAudioTrack | undefined;
  private readonly handedOut = new Set<MediaStreamTrack>();
  private watchedTracks: (IRemoteVideoTrack | IRemoteAudioTrack)[] = [];
  private volumeTimer: ReturnType<typeof setInterval> | undefined;
  private stopFirstFrameProbe: (() => void) | undefined;
  private firstFrameSeen = false;

  constructor(options: AgoraTransportOptions = {}) {
    super();
    this.sdk = (options.loadSdk ?? loadAgoraSdk)();
    // Loading starts now, in parallel with the session request; join() reports a failure.
    this.sdk.catch(() => undefined);
    this.volumePollMs = options.volumePollMs ?? 100;
    this.speaking = new SpeakingDetector(options.speaking);
    this.qa = transportQaStream(() => this.events, options.qa);
  }

  join(rtc: SessionRtc, options: JoinOptions): Promise<void> {
    return this.runJoin<AgoraRtc>(rtc, options, (room) =>
      withinJoinBound(this.attemptJoin(room, options.codec ?? DEFAULT_CODEC), options.joinTimeoutMs, options.signal),
    );
  }

  /** A2E's room offers no interrupt to an audience member; the element falls back to the broker. */
  async interrupt(): Promise<boolean> {
    return false;
  }

  private async attemptJoin(rtc: AgoraRtc, codec: VideoCodec): Promise<void> {
    let sdk: IAgoraRTC;
    try {
      sdk = await this.sdk;
    } catch (error) {
      throw new TransportError('join_failed', `Could not load the Agora SDK: ${describe(error)}`);
    }
    this.assertJoining();
    sdk.setLogLevel(AGORA_LOG_LEVEL_ERROR);
    sdk.disableLogUpload();
    const client = sdk.createClient({ mode: 'live', codec });
    this.client = client;
    this.listen(client);
    try {
      await client.setClientRole('audience');
      this.assertJoining();
      await client.join(rtc.appId, rtc.channel, rtc.token, rtc.uid);
    } catch (error) {
      if (error instanceof TransportError) throw error;
      throw new TransportError('join_failed', `Could not join the avatar's room: ${describe(error)}`);
    }
    this.assertJoining();
  }

  private listen(client: IAgoraRTCClient): void {
    const on = (event: string, listener: Listener) => {
      client.on(event, listener);
      this.listeners.push([event, listener]);
    };
    on('connection-state-change', (current: ConnectionState, previous: ConnectionState, reason?: ConnectionDisconnectedReason) =>
      this.onConnectionState(current, previous, reason),
    );
    on('user-published', (user: IAgoraRTCRemoteUser, mediaType: 'audio' | 'video' | 'datachannel') => {
      void this.onPublished(user, mediaType);
    });
    on('user-unpublished', (user: IAgoraRTCRemoteUser, mediaType: 'audio' | 'video' | 'datachannel') =>
      this.onUnpublished(user, mediaType),
    );
    on('user-left', (user: IAgoraRTCRemoteUser) => {
      if (user.uid === this.avatarUid) this.end('upstream', 'The avatar left the room.');
    });
    on('token-privilege-will-expire', () => this.events?.tokenExpiring?.());
    on('token-privilege-did-expire', () => this.end('expired', 'The session token expired.'));
    // The answers to `ask` come only this way (a2e-api.md): A2E's reply to ask carries none.
    on('stream-message', (uid: UID, payload: Uint8Array) => {
      if (this.avatarUid !== undefined && uid !== this.avatarUid) return;
      const content = this.chunks.push(payload);
      if (content !== undefined) this.qa.receive(content);
    });
  }

  private onConnectionState(current: ConnectionState, previous: ConnectionState, reason?: ConnectionDisconnectedReason): void {
    // While joining, the join promise itself reports the outcome.
    if (this.phase !== 'joined') return;
    if (current === 'RECONNECTING') this.events?.connection('reconnecting');
    else if (current === 'CONNECTED' && previous === 'RECONNECTING') this.events?.connection('connected');
    else if (current === 'DISCONNECTED') this.end(...endFor(reason));
  }

  private async onPublished(user: IAgoraRTCRemoteUser, mediaType: 'audio' | 'video' | 'datachannel'): Promise<void> {
    if (mediaType === 'datachannel' || !this.client) return;
    // The avatar is the one who publishes; an audience member never does.
    if (this.avatarUid !== undefined && user.uid !== this.avatarUid) return;
    this.avatarUid = user.uid;
    try {
      await this.client.subscribe(user, mediaType);
    } catch (error) {
      this.end('network', `Could not receive the avatar's ${mediaType}: ${describe(error)}`);
      return;
    }
    if (this.phase === 'closed') return;
    const track = mediaType === 'video' ? user.videoTrack : user.audioTrack;
    if (!track) return;
    // The SDK swaps the underlying MediaStreamTrack after some reconnects; the element then needs a new stream.
    track.on('track-updated', this.onTrackUpdated);
    this.watchedTracks.push(track);
    if (mediaType === 'video') {
      this.videoTrack = user.videoTrack;
      this.watchFirstFrame();
    } else {
      this.audioTrack = user.audioTrack;
      this.pollVolume();
    }
    this.emitStream();
  }

  private readonly onTrackUpdated = (): void => {
    if (this.phase !== 'closed') this.emitStream();
  };

  private onUnpublished(user: IAgoraRTCRemoteUser, mediaType: 'audio' | 'video' | 'datachannel'): void {
    if (user.uid !== this.avatarUid || mediaType === 'datachannel') return;
    if (mediaType === 'video') {
      this.videoTrack = undefined;
    } else {
      this.audioTrack = undefined;
      this.stopVolume();
      if (this.speaking.reset() === false) this.onSpeaking(false);
    }
    this.emitStream();
  }

  /**
   * One stream with both tracks; the element plays its picture and its voice in elements of their
   * own, so the picture never waits on a voice the browser will not start before a gesture.
   */
  private emitStream(): void {
    const tracks = [this.videoTrack?.getMediaStreamTrack(), this.audioTrack?.getMediaStreamTrack()].filter(
      (track): track is MediaStreamTrack => track !== undefined,
    );
    if (tracks.length === 0) return;
    for (const track of tracks) this.handedOut.add(track);
    this.events?.stream(new MediaStream(tracks));
  }

  private watchFirstFrame(): void {
    const track = this.videoTrack?.getMediaStreamTrack();
    if (this.firstFrameSeen || !track) return;
    this.stopFirstFrameProbe?.();
    this.stopFirstFrameProbe = watchFirstFrame(track, () => {
      this.firstFrameSeen = true;
      this.stopFirstFrameProbe = undefined;
      this.events?.firstFrame?.();
    });
  }

  private pollVolume(): void {
    this.stopVolume();
    this.volumeTimer = setInterval(() => {
      const level = this.audioTrack?.getVolumeLevel() ?? 0;
      const change = this.speaking.update(level, performance.now());
      if (change !== undefined) this.onSpeaking(change);
    }, this.volumePollMs);
  }

  private onSpeaking(speaking: boolean): void {
    this.qa.speaking(speaking); // silence ends an answer whose `end` never came
    this.events?.speaking(speaking);
  }

  private stopVolume(): void {
    clearInterval(this.volumeTimer);
    this.volumeTimer = undefined;
  }

  protected async release(): Promise<void> {
    this.stopVolume();
    this.qa.stop();
    this.stopFirstFrameProbe?.();
    this.stopFirstFrameProbe = undefined;
    for (const track of this.watchedTracks) track.off('track-updated', this.onTrackUpdated);
    this.watchedTracks = [];
    const client = this.client;
    this.client = undefined;
    if (client) {
      // Listeners go first, so our own leave is not reported as the room ending.
      for (const [event, listener] of this.listeners) client.off(event, listener);
      this.listeners = [];
      try {
        await client.leave();
      } catch {
        // Leaving is best effort: the channel drops an absent audience member on its own.
      }
    }
    for (const track of this.handedOut) track.stop();
    this.handedOut.clear();
    this.videoTrack = undefined;
    this.audioTrack = undefined;
  }
}

/**
 * Why the SDK disconnected, as an end reason. Our own leave() is never reported (its listeners are
 * gone first), so even `LEAVE` here was not the visitor's doing and ends as `upstream`.
 */
function endFor(reason: ConnectionDisconnectedReason | undefined): [EndReason, string] {
  switch (reason as string | undefined) {
    case 'NETWORK_ERROR':
      return ['network', 'The connection to the avatar was lost.'];
    case 'TOKEN_EXPIRE':
      return ['expired', 'The session token expired.'];
    default:
      return ['upstream', `The avatar's room closed the connection (${reason ?? 'no reason given'}).`];
  }
}

function describe(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
