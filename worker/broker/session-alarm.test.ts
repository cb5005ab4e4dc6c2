import { runDurableObjectAlarm } from 'cloudflare:test';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEFAULTS } from '../config';
import { armFaults, call, channelOpen, clearFaults, env, knownAvatarId, startSession, watchUpstream } from './testing/broker-test-kit';
import { brokerSession } from './broker-session';
import { sessionLedger } from './session-ledger';

beforeAll(knownAvatarId);
afterEach(async () => {
  vi.useRealTimers();
  await clearFaults();
});

const IDLE_MS = DEFAULTS.sessionIdleSeconds * 1000;
const LEAVE_PATH = '/api/v1/streaming-avatar/leave';

/** Moves the clock (Date only: timers and the runtime's own clock are untouched). */
function clockAt(ms: number): void {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(ms);
}

describe('the session alarm (idle and expiry watchdog)', () => {
  it('ends an idle session upstream, frees its slot and refuses further calls', async () => {
    const start = Date.now();
    const session = await startSession();
    const stub = brokerSession(env, session.sessionId);
    expect(await sessionLedger(env).holds(session.sessionId)).toBe(true);

    clockAt(start + IDLE_MS + 1000);
    expect(await runDurableObjectAlarm(stub)).toBe(true);

    expect(await channelOpen(session.rtc.channel)).toBe(false);
    const record = await stub.read();
    expect(record?.state).toBe('ended');
    expect(record?.endReason).toBe('idle');
    expect(await sessionLedger(env).holds(session.sessionId)).toBe(false);
    const res = await call(`/v1/sessions/${session.sessionId}/speak`, { ticket: session.ticket, body: { text: 'Hi' } });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/idle/);
  });

  it('does not end a session whose heartbeat or speech came in since', async () => {
    const start = Date.now();
    const session = await startSession();
    const stub = brokerSession(env, session.sessionId);

    clockAt(start + IDLE_MS - 20_000);
    expect((await call(`/v1/sessions/${session.sessionId}/heartbeat`, { method: 'POST', ticket: session.ticket })).status).toBe(200);
    clockAt(start + IDLE_MS + 1000);
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect((await stub.read())?.state).toBe('open');
    expect(await channelOpen(session.rtc.channel)).toBe(true);

    expect((await call(`/v1/sessions/${session.sessionId}/speak`, { ticket: session.ticket, body: { text: 'Still here.' } })).status).toBe(200);
    clockAt(start + 2 * IDLE_MS - 10_000);
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect((await stub.read())?.state).toBe('open');

    // Nothing since the speak: one idle period later the alarm ends it.
    clockAt(start + 3 * IDLE_MS);
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect((await stub.read())?.endReason).toBe('idle');
    expect(await channelOpen(session.rtc.channel)).toBe(false);
  });

  it('ends a busy session at its expiry', async () => {
    const start = Date.now();
    const session = await startSession({ env: { SESSION_MAX_SECONDS: '60' } });
    const stub = brokerSession(env, session.sessionId);
    clockAt(start + 61_000);
    const watch = watchUpstream();
    try {
      expect(await runDurableObjectAlarm(stub)).toBe(true);
      // A2E would end the room at its expiry too; leaving says so at once and ends billing for sure.
      expect(watch.paths()).toEqual([LEAVE_PATH]);
    } finally {
      watch.stop();
    }
    expect((await stub.read())?.endReason).toBe('expired');
    expect(await channelOpen(session.rtc.channel)).toBe(false);
  });

  it('keeps trying to leave when A2E fails, then succeeds', async () => {
    const start = Date.now();
    const session = await startSession();
    const stub = brokerSession(env, session.sessionId);
    await armFaults({ fail5xx: 3 });
    clockAt(start + IDLE_MS + 1000);
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect((await stub.read())?.state).toBe('ending');
    expect(await channelOpen(session.rtc.channel)).toBe(true);
    // Closed to callers already, even before A2E confirms.
    vi.useRealTimers();
    expect((await call(`/v1/sessions/${session.sessionId}/speak`, { ticket: session.ticket, body: { text: 'Hi' } })).status).toBe(409);

    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect((await stub.read())?.state).toBe('ended');
    expect(await channelOpen(session.rtc.channel)).toBe(false);
  });
});
