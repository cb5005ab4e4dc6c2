/**
 * Helpers for the broker's tests: requests through the real app (with env overrides where a
 * test needs other settings), the simulator's fault switches, and a record of every call that
 * reached the (simulated) upstream, so a test can prove a refused request never got there.
 */
import { env as workerEnv } from 'cloudflare:workers';
import { decode } from 'hono/jwt';
import { vi, type MockInstance } from 'vitest';
import type { CreateSessionReply, ErrorBody } from '../../../protocol/broker-api';
import type { Env } from '../../env';
import { app } from '../../app';
import { simulatorApp } from '../../simulator/simulator-app';

export const env = workerEnv as unknown as Env;
export const BROKER = 'https://broker.test';
/** The one origin the test config (vitest.config.ts) allows. */
export const SHOP = 'https://shop.example';
/** The SESSION_SECRET vitest.config.ts gives the Worker. */
export const SESSION_SECRET_IN_TESTS = 'test-session-secret';

/** A ticket's payload as it stands, unchecked: for tests that re-sign or alter a ticket. */
export function ticketPayload(ticket: string): Record<string, unknown> & { exp: number } {
  return decode(ticket).payload as Record<string, unknown> & { exp: number };
}

export interface CallInit {
  method?: string;
  /** A JSON body (sent as application/json) or a raw string (sent as given). */
  body?: unknown;
  headers?: Record<string, string>;
  /** The Origin header; SHOP unless null (none sent) or another string. */
  origin?: string | null;
  ticket?: string;
  /**
   * Where `ticket` travels: the Authorization header (default), a `ticket` field of the JSON body
   * sent as text/plain (as the widget sends it, so browsers skip the CORS preflight), or the query.
   */
  ticketIn?: 'header' | 'body' | 'query';
  /** Env values for this request only, e.g. UPSTREAM_TIMEOUT_MS. */
  env?: Partial<Record<keyof Env, string | undefined>>;
}

/** One request through the whole app, as wrangler would route it. */
export async function call(path: string, init: CallInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  const origin = init.origin === undefined ? SHOP : init.origin;
  if (origin !== null) headers.set('Origin', origin);
  const place = init.ticketIn ?? 'header';
  if (init.ticket && place === 'header') headers.set('Authorization', `Bearer ${init.ticket}`);
  let body: string | undefined;
  if (init.ticket && place === 'body') {
    if (typeof init.body === 'string') throw new Error('ticketIn: body needs a JSON body, not a string');
    body = JSON.stringify({ ...(init.body as object | undefined), ticket: init.ticket });
    if (!headers.has('Content-Type')) headers.set('Content-Type', 'text/plain;charset=UTF-8');
  } else if (typeof init.body === 'string') body = init.body;
  else if (init.body !== undefined) {
    body = JSON.stringify(init.body);
    if (!headers.has('Content-Type')) headers.set('Content-Type', 'application/json');
  }
  const url = new URL(`${BROKER}${path}`);
  if (init.ticket && place === 'query') url.searchParams.set('ticket', init.ticket);
  const method = init.method ?? (body === undefined ? 'GET' : 'POST');
  return app.request(url.href, { method, headers, body }, { ...env, ...init.env } as Env);
}

export async function errorOf(res: Response): Promise<ErrorBody['error']> {
  const body = (await res.json()) as ErrorBody;
  return body.error;
}

let avatarId: string | undefined;
/** An avatar the upstream knows. */
export async function knownAvatarId(): Promise<string> {
  if (!avatarId) {
    const res = await call('/v1/avatars', { env: { A2E_BASE_URL: 'https://avatars-for-tests.invalid' } });
    const reply = (await res.json()) as { avatars: { id: string }[] };
    avatarId = reply.avatars[0]!.id;
  }
  return avatarId;
}

/** Starts a session and returns its reply; fails the test on anything but 201. */
export async function startSession(init: CallInit = {}): Promise<CreateSessionReply> {
  const body = (init.body as Record<string, unknown> | undefined) ?? {};
  const res = await call('/v1/sessions', { ...init, body: { avatarId: await knownAvatarId(), ...body } });
  if (res.status !== 201) throw new Error(`session not created: ${res.status} ${await res.text()}`);
  return (await res.json()) as CreateSessionReply;
}

/** Arms the simulator's fault switches (POST /sim/faults). */
export async function armFaults(patch: Record<string, unknown>): Promise<void> {
  const res = await call('/sim/faults', { body: patch, origin: null });
  if (!res.ok) throw new Error(`faults not armed: ${res.status} ${await res.text()}`);
}

export async function clearFaults(): Promise<void> {
  await call('/sim/faults', { method: 'DELETE', origin: null });
}

/** Whether the simulator still has this channel open (not left, not expired). */
export async function channelOpen(channel: string): Promise<boolean> {
  const state = env.SIMULATOR.get(env.SIMULATOR.idFromName('a2e'));
  const record = await state.channel(channel);
  return record !== null && !record.closedReason;
}

/**
 * Watches the in-process upstream: every path the broker sent to A2E (the simulator) from now on.
 * Requests the simulator answers with a fault are counted too, as A2E would have seen them.
 */
export function watchUpstream(): { paths(): string[]; stop(): void } {
  const spy: MockInstance = vi.spyOn(simulatorApp, 'fetch');
  return {
    paths: () => spy.mock.calls.map(([request]) => new URL((request as Request).url).pathname),
    stop: () => spy.mockRestore(),
  };
}

/** Runs `request`, and says which upstream paths it reached. */
export async function upstreamOf(request: () => Promise<Response>): Promise<{ res: Response; paths: string[] }> {
  const watch = watchUpstream();
  try {
    const res = await request();
    return { res, paths: watch.paths() };
  } finally {
    watch.stop();
  }
}
