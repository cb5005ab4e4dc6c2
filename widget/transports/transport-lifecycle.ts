import type { SessionRtc } from '../../protocol/broker-api';
import type { EndReason, JoinOptions, TransportEvents } from './transport';
import { TransportError } from './transport';

type Phase = 'idle' | 'joining' | 'joined' | 'closed';

/**
 * The life every transport lives once: idle, joining, joined, closed. Whatever ends it (a failed
 * or abandoned join, leave(), the room going away) releases everything exactly once, and only an
 * end the visitor did not ask for is reported.
 */
export abstract class TransportLifecycle {
  abstract readonly kind: SessionRtc['transport'];
  protected phase: Phase = 'idle';
  protected events: TransportEvents | undefined;
  private closing: Promise<void> | undefined;

  /**
   * Runs the carrier's own joining, with the room's credentials as the carrier's kind has them;
   * any failure, or an abandon meanwhile, closes the transport.
   */
  protected async runJoin<Room extends SessionRtc>(
    rtc: SessionRtc,
    options: JoinOptions,
    joinCarrier: (room: Room) => Promise<void>,
  ): Promise<void> {
    if (this.phase !== 'idle') throw new TransportError('join_failed', 'This transport was already used; start a new one.');
    if (rtc.transport !== this.kind) {
      throw new TransportError('unsupported', `The ${this.kind} transport cannot join a room of the ${rtc.transport} transport.`);
    }
    this.phase = 'joining';
    this.events = options.events;
    try {
      await joinCarrier(rtc as Room); // its kind was checked above
      this.assertJoining();
      this.phase = 'joined';
    } catch (error) {
      this.phase = 'closed';
      await this.close();
      throw error;
    }
  }

  /** The join was abandoned (time bound, abort or leave) while the carrier was still joining. */
  protected assertJoining(): void {
    if (this.phase !== 'joining') throw new TransportError('join_failed', 'The join was abandoned.');
  }

  async leave(): Promise<void> {
    this.phase = 'closed';
    await this.close();
  }

  /** The room is gone for a reason other than our own leave(): release everything, then tell. */
  protected end(reason: EndReason, message: string): void {
    if (this.phase !== 'joined') return;
    this.phase = 'closed';
    void this.close();
    this.events?.ended(reason, message);
  }

  private close(): Promise<void> {
    this.closing ??= this.release();
    return this.closing;
  }

  /** Stops every track, socket, timer and listener of the carrier. Called once. */
  protected abstract release(): Promise<void>;
}
