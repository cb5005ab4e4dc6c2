import type { SessionRtc, SimulatorRtc } from '../../protocol/broker-api';
import type { AvatarAppearance, RoomCloseReason, RoomMessage, Utterance } from '../../protocol/room-messages';
import { DEFAULT_APPEARANCE, FaceRenderer } from './face-renderer';
import { FrameLoop } from './frame-loop';
import { withinJoinBound } from './join-bound';
import { mouthOpenness } from './mouth-motion';
import { transportQaStream, type QaStream, type QaStreamOptions } from './qa-stream';
import { RoomConnection, type RoomConnectionOptions } from './room-connection';
import { roomSocketUrl } from './room-url';
import type { AvatarTransport, EndReason, JoinOptions } from './transport';
import { TransportError } from './transport';
import { TransportLifecycle } from './transport-lifecycle';
import { UtteranceSchedule } from './utterance-schedule';
import { VoiceSynth } from './voice-synth';

export interface SimulatorTransportOptions extends RoomConnectionOptions {
  /** Overrides `prefers-reduced-motion` (tests). */
  reducedMotion?: boolean;
  qa?: QaStreamOptions;
}

const CAPTURE_FPS = 30;

/**
 * The avatar of the Worker's built-in simulator: joins the simulated room by WebSocket and
 * renders the avatar locally, a drawn face whose mouth follows what the room says it is
 * saying, as a real MediaStream (canvas video plus WebAudio voice). So the element plays,
 * captions and tracks state exactly as it does for Agora.
 */
export class SimulatorTransport extends TransportLifecycle implements AvatarTransport {
  readonly kind = 'simulator' as const;
  private connection: RoomConnection | undefined;
  private schedule: UtteranceSchedule | undefined;
  /** The same reading of the room's answers as the Agora transport's of A2E's. */
  private readonly qa: QaStream;
  private face: FaceRenderer | undefined;
  private voice: VoiceSynth | undefined;
  private loop: FrameLoop | undefined;
  private stream: MediaStream | undefined;
  private appearance: AvatarAppearance | undefined;
  /** Utterances the room sent with `joined` (already under way), held until join() resolves. */
  private early: Utterance[] = [];
  private earlyTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly options: SimulatorTransportOptions = {}) {
    super();
    this.qa = transportQaStream(() => this.events, options.qa);
  }

  async join(rtc: SessionRtc, options: JoinOptions): Promise<void> {
    await this.runJoin<SimulatorRtc>(rtc, options, async (room) => {
      const url = roomSocketUrl(options.server, room.roomUrl);
      this.schedule = new UtteranceSchedule({
        // An answer's text comes in its stream messages, as A2E sends it.
        started: (utterance) => {
          if (utterance.kind === 'speak') this.events?.avatarText?.(utterance.text);
        },
        speaking: (speaking) => {
          this.qa.speaking(speaking);
          this.events?.speaking(speaking);
        },
      });
      const connection = new RoomConnection(
        url,
        {
          message: (message) => this.onMessage(message),
          reconnecting: () => this.events?.connection('reconnecting'),
          reconnected: () => this.events?.connection('connected'),
          lost: () => this.end('network', 'The connection to the avatar room was lost.'),
        },
        this.options,
      );
      this.connection = connection;
      const opening = withinJoinBound(connection.open(), options.joinTimeoutMs, options.signal);
      // The voice needs nothing from the room, and an AudioContext takes a while to make: made
      // while the socket's handshake is on the wire, it is not on the way to the first frame.
      try {
        this.voice = mediaStep(() => new VoiceSynth());
      } catch (error) {
        opening.catch(() => undefined); // the join fails for this, not for the socket
        throw error;
      }
      await opening;
      this.assertJoining();
      this.startMedia();
    });
    // Played from the next task, after the caller has seen join() resolve, so the element
    // hears `speaking` and the text once it counts as connected.
    this.earlyTimer = setTimeout(() => {
      for (const utterance of this.early.splice(0)) this.schedule?.add(utterance);
    }, 0);
  }

  /** Asks the room to cut the avatar short; false when the socket is down (reconnecting). */
  async interrupt(): Promise<boolean> {
    if (this.phase !== 'joined' || !this.connection) return false;
    return this.connection.send({ type: 'interrupt' });
  }

  private onMessage(message: RoomMessage): void {
    switch (message.type) {
      case 'joined':
        // Media start once join() has its answer; a rejoin keeps the face and voice running.
        this.appearance ??= message.appearance;
        this.schedule?.syncClock(message.serverTime);
        return;
      case 'utterance':
        if (this.phase === 'joining') this.early.push(message);
        else this.schedule?.add(message);
        return;
      case 'stream-message':
        this.qa.receive(message.data);
        return;
      case 'interrupted':
        this.early = this.early.filter((utterance) => utterance.id !== message.id);
        this.schedule?.interrupt(message.id);
        return;
      case 'closed':
        this.end(...endFor(message.reason));
        return;
      default:
        return;
    }
  }

  private startMedia(): void {
    mediaStep(() => {
      const reducedMotion = this.options.reducedMotion ?? matchMedia('(prefers-reduced-motion: reduce)').matches;
      const face = new FaceRenderer({ ...DEFAULT_APPEARANCE, ...this.appearance }, reducedMotion);
      this.face = face;
      const voice = this.voice!;
      let firstFrame = true;
      const loop = new FrameLoop((now) => {
        const active = this.schedule?.activeAt();
        const open = active ? mouthOpenness(active.utterance.text, active.elapsedMs, active.remainingMs) : 0;
        face.render(now, { mouth: open, speaking: active !== undefined });
        voice.shape(open);
        if (firstFrame) {
          firstFrame = false;
          this.events?.firstFrame?.();
        }
      }, CAPTURE_FPS);
      this.loop = loop;
      // Something is on the canvas before the stream's first frame is captured.
      face.render(performance.now(), { mouth: 0, speaking: false });
      const video = face.canvas.captureStream(CAPTURE_FPS).getVideoTracks()[0];
      if (!video) throw new Error('the canvas gave no video track');
      this.stream = new MediaStream([video, voice.track]);
      loop.start();
      this.events?.stream(this.stream);
    });
  }

  protected async release(): Promise<void> {
    clearTimeout(this.earlyTimer);
    this.early = [];
    this.connection?.close();
    this.connection = undefined;
    this.schedule?.stop();
    this.schedule = undefined;
    this.qa.stop();
    this.loop?.stop();
    this.loop = undefined;
    for (const track of this.stream?.getTracks() ?? []) track.stop();
    this.stream = undefined;
    this.face = undefined;
    const voice = this.voice;
    this.voice = undefined;
    await voice?.close().catch(() => undefined);
  }
}

/** Runs a step of making the avatar's media; a browser that cannot is told so, in words. */
function mediaStep<T>(step: () => T): T {
  try {
    return step();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new TransportError('media_failed', `This browser cannot render the simulated avatar: ${reason}`);
  }
}

function endFor(reason: RoomCloseReason): [EndReason, string] {
  if (reason === 'expired') return ['expired', 'The session reached its time limit.'];
  // Our own leave closes the socket before the room could say so; a `left` that reaches us
  // means the session was ended elsewhere (the broker's watchdog, another call to leave).
  return ['upstream', 'The session was ended.'];
}
