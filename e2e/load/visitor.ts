import type { AvatarsReply, CreateSessionReply, ErrorBody } from '../../protocol/broker-api.ts';
import { openRoomSocket, type RoomSocket } from './room-socket.ts';

/**
 * One visitor of a page with the avatar, at the wire level: the requests the widget makes, from
 * its own client address (so per-client rate limits apply per visitor, as they would on the
 * internet), and the ways a visit can end.
 */
export type Ending = 'hang-up' | 'beacon' | 'tab-killed' | 'network-dropped';
export const ENDINGS: readonly Ending[] = ['hang-up', 'beacon', 'tab-killed', 'network-dropped'];

export interface Broker {
  url: string;
  origin: string;
}

export class Visitor {
  session: CreateSessionReply | undefined;
  room: RoomSocket | undefined;
  #heartbeat: ReturnType<typeof setInterval> | undefined;

  readonly broker: Broker;
  readonly address: string;

  constructor(broker: Broker, address: string) {
    this.broker = broker;
    this.address = address;
  }

  /**
   * Starts a session, keeps it alive with a heartbeat every `heartbeatMs` while the visitor is
   * there (as the widget does for an active visitor), and joins its room.
   */
  async connect(avatarId: string, heartbeatMs: number): Promise<void> {
    const res = await this.#fetch('/v1/sessions', { method: 'POST', json: { avatarId } });
    if (res.status !== 201) throw new Error(`session not created: ${res.status} ${await res.text()}`);
    this.session = (await res.json()) as CreateSessionReply;
    this.#heartbeat = setInterval(() => {
      this.#fetch(`${this.#sessionPath()}/heartbeat`, { method: 'POST', json: {}, ticket: true }).then(
        (reply) => reply.body?.cancel(),
        () => undefined, // a missed beat is what the idle bound is for
      );
    }, heartbeatMs);
    const rtc = this.session.rtc;
    if (rtc.transport !== 'simulator') throw new Error(`expected the simulator transport, got ${rtc.transport}`);
    this.room = await openRoomSocket(this.broker.url, rtc.roomUrl);
  }

  /** Stops every timer and socket of this visitor (the test's own cleanup). */
  dispose(): void {
    clearInterval(this.#heartbeat);
    this.room?.destroy();
  }

  speak(text: string): Promise<Response> {
    return this.#fetch(`${this.#sessionPath()}/speak`, { method: 'POST', json: { text }, ticket: true });
  }

  ask(question: string): Promise<Response> {
    return this.#fetch(`${this.#sessionPath()}/ask`, { method: 'POST', json: { question }, ticket: true });
  }

  /** Ends the visit one of the four ways; resolves once the visitor's side of it is done. */
  async end(how: Ending): Promise<void> {
    // Whatever the ending, this visitor sends nothing more on its own.
    clearInterval(this.#heartbeat);
    switch (how) {
      case 'hang-up': {
        // disconnect(): leave with the ticket, then the room socket closes cleanly.
        const res = await this.#fetch(`${this.#sessionPath()}/leave`, { method: 'POST', json: {}, ticket: true });
        await expectLeft(res);
        this.room?.close();
        return;
      }
      case 'beacon': {
        // The tab closes: its sockets close and pagehide sends the ticket as a text/plain beacon.
        this.room?.close();
        const res = await this.#fetch(`${this.#sessionPath()}/leave`, {
          method: 'POST',
          body: JSON.stringify({ ticket: this.session!.ticket }),
          contentType: 'text/plain;charset=UTF-8',
        });
        await expectLeft(res);
        return;
      }
      case 'tab-killed':
        // The process dies: the kernel resets its sockets, and no request is ever sent again.
        this.room?.reset();
        return;
      case 'network-dropped':
        // Nothing reaches the server any more, not even a reset: it holds a socket nobody reads.
        this.room?.goSilent();
        return;
    }
  }

  #sessionPath(): string {
    if (!this.session) throw new Error('not connected');
    return `/v1/sessions/${encodeURIComponent(this.session.sessionId)}`;
  }

  #fetch(path: string, init: { method: string; json?: unknown; body?: string; contentType?: string; ticket?: boolean }): Promise<Response> {
    const headers: Record<string, string> = { origin: this.broker.origin, 'cf-connecting-ip': this.address };
    if (init.ticket) headers.authorization = `Bearer ${this.session!.ticket}`;
    const body = init.json === undefined ? init.body : JSON.stringify(init.json);
    if (body !== undefined) headers['content-type'] = init.contentType ?? 'application/json';
    return fetch(this.broker.url + path, { method: init.method, headers, ...(body === undefined ? {} : { body }) });
  }
}

async function expectLeft(res: Response): Promise<void> {
  const body = (await res.json()) as { ok?: boolean; state?: string } | ErrorBody;
  if (res.status !== 200 || !('state' in body) || body.state !== 'ended') {
    throw new Error(`leave answered ${res.status}: ${JSON.stringify(body)}`);
  }
}

export async function firstAvatarId(broker: Broker): Promise<string> {
  const res = await fetch(`${broker.url}/v1/avatars`, { headers: { origin: broker.origin } });
  const id = ((await res.json()) as AvatarsReply).avatars[0]?.id;
  if (!id) throw new Error('the broker lists no avatars');
  return id;
}

/** A distinct documentation-range address per visitor number. */
export function visitorAddress(n: number): string {
  return `203.0.${113 + (n >> 8)}.${n & 255}`;
}

/** Runs `task` over `items` with at most `limit` in flight; rejects with the first failure. */
export async function inPool<T>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      await task(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

export interface SimStats {
  openChannels: number;
  calls: Record<string, number>;
}

export async function simStats(broker: Broker): Promise<SimStats> {
  return (await (await fetch(`${broker.url}/sim/stats`)).json()) as SimStats;
}

/** Polls the simulator until `done(stats)` or the deadline; returns the last stats seen. */
export async function waitForStats(broker: Broker, done: (stats: SimStats) => boolean, timeoutMs: number): Promise<SimStats> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const stats = await simStats(broker);
    if (done(stats) || Date.now() > deadline) return stats;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
