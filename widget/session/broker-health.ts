import type { Brain, HealthReply } from '../../protocol/broker-api';
import { oncePerPage } from './once-per-page';

/**
 * The broker's public facts (`GET /health`: who answers asks, whether it transcribes), once per
 * page and broker. The element asks while it warms its code (transports/preload.ts), so that
 * connect() finds the answer there instead of sending it beside the session request.
 */
export const brokerHealth = oncePerPage<HealthReply>((client) => client.health(AbortSignal.timeout(10_000)));

/** Who answers asks unless a session says otherwise; A2E's QA where the broker cannot tell (an older one). */
export function defaultBrain(server: string, fetchImpl?: typeof fetch): Promise<Brain> {
  return brokerHealth(server, fetchImpl).then(
    (health) => (health.brain === 'model' ? 'model' : 'a2e'),
    () => 'a2e',
  );
}

/** Whether the broker transcribes speech (`stt`); false when it cannot be asked. */
export function brokerOffersStt(server: string, fetchImpl?: typeof fetch): Promise<boolean> {
  return brokerHealth(server, fetchImpl).then(
    (health) => health.stt === true,
    () => false,
  );
}
