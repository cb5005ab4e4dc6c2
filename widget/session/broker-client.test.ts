import { describe, expect, it } from 'vitest';
import { A2eError } from './a2e-error';
import { FakeBroker } from '../test/fake-broker';
import { BrokerClient } from './broker-client';

const REMOTE = 'https://broker.invalid';

/**
 * A fetch that fails the way a browser does when CORS refuses (a bare TypeError) for requests
 * the page would read, and answers the ones it says it will not read (`no-cors`) when `up`.
 */
function browserFetch(options: { up: boolean; readable: string[] }) {
  const calls: string[] = [];
  const fetchImpl = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    calls.push(`${init?.mode ?? 'cors'} ${url}`);
    if (!options.up) throw new TypeError('Failed to fetch');
    if (init?.mode === 'no-cors') return new Response(null, { status: 200 });
    if (options.readable.some((path) => url.endsWith(path))) return Response.json({ avatars: [], transport: 'simulator' });
    throw new TypeError('Failed to fetch');
  }) as typeof fetch;
  return { fetchImpl, calls };
}

async function failure(promise: Promise<unknown>): Promise<A2eError> {
  try {
    await promise;
  } catch (error) {
    return error as A2eError;
  }
  throw new Error('expected the call to fail');
}

describe('BrokerClient when a call cannot be read', () => {
  it("names ALLOWED_ORIGINS when the server is up but refuses this page's origin", async () => {
    const { fetchImpl } = browserFetch({ up: true, readable: [] });
    const error = await failure(new BrokerClient(REMOTE, fetchImpl).createSession({ avatarId: 'ava' }));
    expect(error.code).toBe('forbidden');
    expect(error.message).toContain(location.origin);
    expect(error.message).toContain('ALLOWED_ORIGINS');
  });

  it('says network when the server cannot be reached at all', async () => {
    const { fetchImpl } = browserFetch({ up: false, readable: [] });
    const error = await failure(new BrokerClient(REMOTE, fetchImpl).createSession({ avatarId: 'ava' }));
    expect(error.code).toBe('network');
    expect(error.message).toContain(REMOTE);
  });

  it('says network when this origin is allowed and only the call itself was lost', async () => {
    const { fetchImpl } = browserFetch({ up: true, readable: ['/v1/avatars'] });
    const error = await failure(new BrokerClient(REMOTE, fetchImpl).createSession({ avatarId: 'ava' }));
    expect(error.code).toBe('network');
  });

  it('does not probe a server on the own origin of the page, which CORS never refuses', async () => {
    const { fetchImpl, calls } = browserFetch({ up: true, readable: [] });
    const error = await failure(new BrokerClient(location.origin, fetchImpl).createSession({ avatarId: 'ava' }));
    expect(error.code).toBe('network');
    expect(calls).toEqual([`cors ${location.origin}/v1/sessions`]);
  });
});

describe('BrokerClient requests', () => {
  const session = { sessionId: 's1', ticket: 'ticket-1' };

  /** Every call the widget makes during a conversation, through `client`. */
  async function conversation(client: BrokerClient): Promise<void> {
    await client.avatars();
    await client.createSession({ avatarId: 'ava', context: 'Facts.' });
    await client.speak(session, 'Hello.');
    await client.ask(session, 'When?');
    await client.setContext(session, 'More facts.');
    await client.heartbeat(session);
    await client.leave(session);
  }

  it('are all CORS-simple, with the ticket in the body and never in a header or the URL', async () => {
    const broker = new FakeBroker(REMOTE);
    await conversation(new BrokerClient(REMOTE, broker.fetch));
    expect(broker.calls.map((call) => `${call.method} ${call.path}`)).toEqual([
      'GET /v1/avatars',
      'POST /v1/sessions',
      'POST /v1/sessions/s1/speak',
      'POST /v1/sessions/s1/ask',
      'POST /v1/sessions/s1/context',
      'POST /v1/sessions/s1/heartbeat',
      'POST /v1/sessions/s1/leave',
    ]);
    expect(broker.calls.filter((call) => !call.simple)).toEqual([]);
    expect(broker.calls.map((call) => call.authorization)).toEqual(broker.calls.map(() => null));
    for (const call of broker.calls.slice(2)) expect(call, call.path).toMatchObject({ ticket: 'ticket-1', ticketIn: 'body' });
  });

  it('label their JSON text/plain, as a browser labels a string body', async () => {
    const seen: (string | null)[] = [];
    const fetchImpl = (async (_input: RequestInfo | URL, init?: RequestInit) => {
      seen.push(new Headers(init?.headers).get('content-type'));
      return Response.json({ ok: true });
    }) as typeof fetch;
    await new BrokerClient(REMOTE, fetchImpl).speak(session, 'Hello.');
    expect(seen).toEqual(['text/plain;charset=UTF-8']);
  });

  it('send audio as multipart/form-data with the ticket as a part', async () => {
    let sent: RequestInit | undefined;
    const fetchImpl = (async (_input: RequestInfo | URL, init?: RequestInit) => {
      sent = init;
      return Response.json({ text: 'hello' });
    }) as typeof fetch;
    const reply = await new BrokerClient(REMOTE, fetchImpl).transcribe(session, new Blob(['RIFF'], { type: 'audio/webm' }));
    expect(reply).toEqual({ text: 'hello' });
    const form = sent?.body as FormData;
    expect(form).toBeInstanceOf(FormData);
    expect(form.get('ticket')).toBe('ticket-1');
    expect((form.get('file') as File).type).toBe('audio/webm');
    expect([...new Headers(sent?.headers).keys()]).toEqual([]);
  });

  it('in the preflighted style (what servers send, kept to measure), carry the ticket in the header', async () => {
    const broker = new FakeBroker(REMOTE);
    await conversation(new BrokerClient(REMOTE, broker.fetch, 'preflighted'));
    const sessionCalls = broker.calls.slice(2);
    expect(sessionCalls.map((call) => call.authorization)).toEqual(sessionCalls.map(() => 'Bearer ticket-1'));
    expect(broker.callsTo('PUT /v1/sessions/:id/context')).toHaveLength(1);
    expect(broker.calls.filter((call) => !call.simple).length).toBe(6);
  });
});
