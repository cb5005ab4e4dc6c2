import type { AvatarsReply } from '../../protocol/broker-api';
import { BrokerClient } from './broker-client';

const defaultFetch: typeof fetch = (...args) => fetch(...args);

/** Per fetch implementation (tests bring their own), per broker: one list for the whole page. */
const catalogs = new WeakMap<typeof fetch, Map<string, Promise<AvatarsReply>>>();

/**
 * The broker's avatar list (posters, and which transport its sessions use), asked once per page
 * and broker however many elements show: ten avatars on a page are one request, not ten. A failed
 * request is forgotten, so the next element to ask tries again.
 */
export function avatarCatalog(server: string, fetchImpl: typeof fetch = defaultFetch): Promise<AvatarsReply> {
  const client = new BrokerClient(server, fetchImpl);
  let byServer = catalogs.get(fetchImpl);
  if (!byServer) catalogs.set(fetchImpl, (byServer = new Map()));
  const known = byServer.get(client.server);
  if (known) return known;
  const reply = client.avatars();
  byServer.set(client.server, reply);
  reply.catch(() => {
    if (byServer.get(client.server) === reply) byServer.delete(client.server);
  });
  return reply;
}
