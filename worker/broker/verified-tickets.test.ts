import { encodeBase64Url } from 'hono/utils/encode';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Env } from '../env';
import { ApiError } from '../errors';
import { issueTicket, readTicket, type TicketClaims } from './session-ticket';
import { env, ticketPayload } from './testing/broker-test-kit';

const withSecret = (secret: string): Env => ({ ...env, SESSION_SECRET: secret });
const claims = (expiresInSeconds: number): TicketClaims => ({
  sessionId: crypto.randomUUID(),
  channel: 'room-1',
  origin: 'https://shop.example',
  expiresAt: Math.floor(Date.now() / 1000) + expiresInSeconds,
});

async function refusal(read: Promise<unknown>): Promise<string> {
  const err = await read.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(err).toBeInstanceOf(ApiError);
  expect((err as ApiError).status).toBe(401);
  return (err as ApiError).message;
}

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('a ticket checked once', () => {
  it('is not checked with the HMAC again on the next call, and reads the same claims', async () => {
    const settings = withSecret(`secret-${crypto.randomUUID()}`);
    const issued = claims(600);
    const ticket = await issueTicket(settings, issued);
    const hmac = vi.spyOn(crypto.subtle, 'verify');
    expect(await readTicket(settings, ticket)).toEqual(issued);
    expect(hmac).toHaveBeenCalledTimes(1);
    expect(await readTicket(settings, ticket)).toEqual(issued);
    expect(await readTicket(settings, ticket)).toEqual(issued);
    expect(hmac).toHaveBeenCalledTimes(1);
  });

  it('is refused once it expires, as a fresh check would refuse it', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const settings = withSecret(`secret-${crypto.randomUUID()}`);
    const ticket = await issueTicket(settings, claims(60));
    await readTicket(settings, ticket);
    vi.advanceTimersByTime(59_000);
    expect((await readTicket(settings, ticket)).channel).toBe('room-1');
    vi.advanceTimersByTime(1_000);
    expect(await refusal(readTicket(settings, ticket))).toMatch(/expired/);
  });

  it('counts for nothing under another secret, and lends nothing to a ticket altered after it', async () => {
    const first = withSecret(`secret-${crypto.randomUUID()}`);
    const ticket = await issueTicket(first, claims(600));
    await readTicket(first, ticket);
    expect(await refusal(readTicket(withSecret(`secret-${crypto.randomUUID()}`), ticket))).toMatch(/not valid/);
    const [header, , signature] = ticket.split('.');
    const altered = encodeBase64Url(new TextEncoder().encode(JSON.stringify({ ...ticketPayload(ticket), ch: 'room-2' })).buffer).replace(/=+$/, '');
    expect(await refusal(readTicket(first, `${header}.${altered}.${signature}`))).toMatch(/not valid/);
  });
});
