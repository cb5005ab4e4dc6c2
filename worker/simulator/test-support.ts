/**
 * Helpers for the simulator's tests (never imported by the Worker): calls of the simulated A2E
 * exactly as upstreamFetch makes them, and a WebSocket client of a simulated room.
 */
import { env as workerEnv } from 'cloudflare:workers';
import { SELF } from 'cloudflare:test';
import type { Env } from '../env';
import { SIMULATOR_API_KEY } from '../config';
import { roomPath, type RoomMessage } from '../../protocol/room-messages';
import { streamingEndpoints } from '../catalogue/streaming-endpoints';
import { simulatorApp } from './simulator-app';
import { SIM_AVATARS } from './sim-avatars';

export const env = workerEnv as unknown as Env;
export const A2E_BASE = 'https://video.a2e.ai';
export const WORKER_BASE = 'https://broker.test';

export interface Envelope<T = unknown> {
  code: number;
  msg?: string;
  data?: T;
}

/** One in-process call of the simulated A2E with the simulator's key (override `headers` to test auth). */
export async function a2e(
  path: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string>; signal?: AbortSignal } = {},
): Promise<Response> {
  const method = init.method ?? (init.body === undefined ? 'GET' : 'POST');
  const request = new Request(A2E_BASE + path, {
    method,
    headers: { Authorization: `Bearer ${SIMULATOR_API_KEY}`, 'Content-Type': 'application/json', ...init.headers },
    body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
    signal: init.signal,
  });
  return simulatorApp.fetch(request, env);
}

export async function a2eJson<T = unknown>(path: string, init?: Parameters<typeof a2e>[1]): Promise<Envelope<T>> {
  return (await (await a2e(path, init)).json()) as Envelope<T>;
}

export interface TestChannel {
  appId: string;
  token: string;
  channel: string;
  uid: number;
}

export async function createChannel(avatarId = SIM_AVATARS[0]!._id, expireSeconds = 300): Promise<TestChannel> {
  const reply = await a2eJson<TestChannel>(streamingEndpoints.createToken.path, {
    body: { avatar_id: avatarId, expire_seconds: expireSeconds },
  });
  if (reply.code !== 0 || !reply.data) throw new Error(`agora-token failed: ${JSON.stringify(reply)}`);
  return reply.data;
}

export function sim(path: string, init?: RequestInit): Promise<Response> {
  return SELF.fetch(WORKER_BASE + path, init);
}

/** A joined room socket that records every message and lets a test wait for the next one. */
export class RoomClient {
  readonly messages: RoomMessage[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private cursor = 0;
  private wake: (() => void) | undefined;

  constructor(readonly socket: WebSocket) {
    socket.addEventListener('message', (event) => {
      this.messages.push(JSON.parse(String(event.data)) as RoomMessage);
      this.wake?.();
    });
    this.closed = new Promise((resolve) => {
      socket.addEventListener('close', (event) => {
        resolve({ code: event.code, reason: event.reason });
        this.wake?.();
      });
    });
    socket.accept();
  }

  /** The next message not yet taken, of `type` if given (skipping others); fails after `timeoutMs`. */
  async next<K extends RoomMessage['type']>(type?: K, timeoutMs = 3000): Promise<Extract<RoomMessage, { type: K }>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      while (this.cursor < this.messages.length) {
        const message = this.messages[this.cursor++]!;
        if (!type || message.type === type) return message as Extract<RoomMessage, { type: K }>;
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no ${type ?? 'message'} within ${timeoutMs} ms; got ${JSON.stringify(this.messages)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  send(message: unknown): void {
    this.socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  }
}

/** Joins the channel's room through the Worker, as the widget's simulator transport does. */
export async function joinRoom(channel: TestChannel): Promise<RoomClient> {
  const res = await sim(roomPath(channel), { headers: { Upgrade: 'websocket' } });
  if (res.status !== 101 || !res.webSocket) throw new Error(`join failed: ${res.status} ${await res.text()}`);
  return new RoomClient(res.webSocket);
}

export async function stats(): Promise<{ openChannels: number; calls: Record<string, number> }> {
  return (await (await sim('/sim/stats')).json()) as { openChannels: number; calls: Record<string, number> };
}
