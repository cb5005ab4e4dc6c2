import type { Env } from './env';
import { app } from './app';

export { BrokerSession } from './broker/broker-session';
export { SessionLedger } from './broker/session-ledger';
export { SimulatorState } from './simulator/simulator-state';
export { SimRoom } from './simulator/sim-room';
export { SimulatorTasks } from './simulator/rest/task-store';
export { WebhookInbox } from './webhooks/webhook-inbox';

export default {
  fetch: (request, env, ctx) => app.fetch(request, env, ctx),
} satisfies ExportedHandler<Env>;
