import { BrokerClient } from '../session/broker-client';

const known = new WeakMap<typeof fetch, Map<string, Promise<boolean>>>();
const defaultFetch: typeof fetch = (...args) => fetch(...args);

/**
 * Whether the broker transcribes speech (`GET /health`'s `stt`), asked once per page and broker,
 * and only where the answer matters: a browser without speech recognition, or a page that wants
 * the broker's. A failed answer is not kept, so the next look asks again.
 */
export function brokerOffersStt(server: string, fetchImpl: typeof fetch = defaultFetch): Promise<boolean> {
  let byServer = known.get(fetchImpl);
  if (!byServer) known.set(fetchImpl, (byServer = new Map()));
  let answer = byServer.get(server);
  if (!answer) {
    answer = new BrokerClient(server, fetchImpl).health().then((health) => health.stt === true);
    byServer.set(server, answer);
    answer.catch(() => byServer.delete(server));
  }
  return answer.catch(() => false);
}
