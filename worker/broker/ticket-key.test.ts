import { verify } from 'hono/jwt';
import { describe, expect, it } from 'vitest';
import type { CreateSessionReply } from '../../protocol/broker-api';
import { simulatorState } from '../simulator/sim-stubs';
import { call, env, knownAvatarId } from './testing/broker-test-kit';

/** `npm start` and a deploy without secrets: simulator mode, no SESSION_SECRET. */
const NO_SECRET = { SESSION_SECRET: undefined };

describe('ticket key in simulator mode without SESSION_SECRET', () => {
  it("signs with the simulator's one shared secret, so a ticket holds on whichever isolate the next call reaches", async () => {
    const res = await call('/v1/sessions', { body: { avatarId: await knownAvatarId() }, env: NO_SECRET });
    expect(res.status).toBe(201);
    const session = (await res.json()) as CreateSessionReply;

    // Any isolate reads the same secret from the simulator's Durable Object, and checks the ticket with it.
    const shared = await simulatorState(env).ticketSecret();
    expect(shared).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(await simulatorState(env).ticketSecret()).toBe(shared);
    const claims = await verify(session.ticket, shared, 'HS256');
    expect(Object.values(claims)).toContain(session.sessionId);

    const speak = await call(`/v1/sessions/${session.sessionId}/speak`, { body: { text: 'Hello.' }, ticket: session.ticket, env: NO_SECRET });
    expect(speak.status).toBe(200);
    const leave = await call(`/v1/sessions/${session.sessionId}/leave`, { method: 'POST', ticket: session.ticket, env: NO_SECRET });
    expect(leave.status).toBe(200);
  });

  it('never puts the shared secret in a reply', async () => {
    const res = await call('/v1/sessions', { body: { avatarId: await knownAvatarId() }, env: NO_SECRET });
    const text = await res.text();
    expect(text).not.toContain(await simulatorState(env).ticketSecret());
  });
});
