import { BrokerClient } from './broker-client';

const defaultFetch: typeof fetch = (...args) => fetch(...args);

/**
 * A broker's answer asked once per page, per broker and per fetch implementation (tests bring
 * their own), however many elements want it: ten avatars on a page are one request, not ten. A
 * failed request is forgotten, so the next one to ask tries again.
 */
export function oncePerPage<T>(ask: (client: BrokerClient) => Promise<T>): (server: string, fetchImpl?: typeof fetch) => Promise<T> {
  const answers = new WeakMap<typeof fetch, Map<string, Promise<T>>>();
  return (server, fetchImpl = defaultFetch) => {
    const client = new BrokerClient(server, fetchImpl);
    let byServer = answers.get(fetchImpl);
    if (!byServer) answers.set(fetchImpl, (byServer = new Map()));
    const known = byServer.get(client.server);
    if (known) return known;
    const answer = ask(client);
    byServer.set(client.server, answer);
    answer.catch(() => {
      if (byServer.get(client.server) === answer) byServer.delete(client.server);
    });
    return answer;
  };
}
