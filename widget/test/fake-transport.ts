import type { SessionRtc } from '../../protocol/broker-api';
import { TransportError, type AvatarTransport, type JoinOptions, type TransportEvents, type TransportFactory } from '../transports/transport';

/**
 * A transport that joins at once and hands out a real MediaStream (a canvas and a WebAudio voice), so the element's
 * media code runs for real; tests drive what the carrier would report through `events`.
 */
export class FakeTransport implements AvatarTransport {
  readonly kind: SessionRtc['transport'];
  events: TransportEvents | undefined;
  joinedRtc: SessionRtc | undefined;
  joinOptions: JoinOptions | undefined;
  left = false;
  interrupted = 0;
  stream: MediaStream | undefined;
  private audio: AudioContext | undefined;

  constructor(
    kind: SessionRtc['transport'],
    private readonly failWith?: TransportError,
  ) {
    this.kind = kind;
  }

  async join(rtc: SessionRtc, options: JoinOptions): Promise<void> {
    this.joinedRtc = rtc;
    this.joinOptions = options;
    this.events = options.events;
    if (this.failWith) throw this.failWith;
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = 16;
    canvas.getContext('2d')!.fillRect(0, 0, 16, 16);
    // A voice as the simulator makes one (a WebAudio track), beside the picture.
    this.audio = new AudioContext();
    const voice = this.audio.createMediaStreamDestination();
    new OscillatorNode(this.audio).connect(voice);
    this.stream = new MediaStream([...canvas.captureStream(5).getVideoTracks(), ...voice.stream.getAudioTracks()]);
    options.events.stream(this.stream);
  }

  /** The avatar's answer arriving as A2E sends it: growing a few words at a time, then whole. */
  answer(text: string): void {
    const words = text.split(' ');
    for (let i = 3; i < words.length; i += 3) this.events?.avatarTextPartial?.(words.slice(0, i).join(' '));
    this.events?.avatarText?.(text);
  }

  async interrupt(): Promise<boolean> {
    this.interrupted++;
    return true;
  }

  async leave(): Promise<void> {
    this.left = true;
    this.stream?.getTracks().forEach((track) => track.stop());
    await this.audio?.close();
  }
}

/** Records every load and every transport made, and can make joins fail. */
export class FakeTransports {
  readonly loads: SessionRtc['transport'][] = [];
  readonly made: FakeTransport[] = [];
  /** Joins fail with this while set. */
  failJoin: TransportError | undefined;

  readonly load = async (kind: SessionRtc['transport']): Promise<TransportFactory> => {
    this.loads.push(kind);
    return () => {
      const transport = new FakeTransport(kind, this.failJoin);
      this.made.push(transport);
      return transport;
    };
  };

  get last(): FakeTransport {
    const last = this.made.at(-1);
    if (!last) throw new Error('no transport made yet');
    return last;
  }
}

export const joinTimeout = () => new TransportError('join_timeout', 'The avatar did not join in time.');
