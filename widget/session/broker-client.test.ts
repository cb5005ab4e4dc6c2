import { describe, expect, it } from 'vitest';
import { A2eError } from './a2e-error';
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
