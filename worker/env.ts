import type { BrokerSession } from './broker/broker-session';
import type { SessionLedger } from './broker/session-ledger';
import type { SimulatorState } from './simulator/simulator-state';
import type { SimRoom } from './simulator/sim-room';
import type { SimulatorTasks } from './simulator/rest/task-store';
import type { WebhookInbox } from './webhooks/webhook-inbox';

/** The Worker's bindings, as wrangler.toml declares them (vars are strings, secrets optional). */
export interface Env {
  A2E_API_KEY?: string;
  A2E_BASE_URL?: string;
  ADMIN_TOKEN?: string;
  ADMIN_ROUTES?: string;
  ALLOWED_ORIGINS?: string;
  SESSION_SECRET?: string;
  SESSION_MAX_SECONDS?: string;
  SESSION_IDLE_SECONDS?: string;
  MAX_CONCURRENT_SESSIONS?: string;
  /** Secret A2E echoes in X-A2e-Webhook-Token; unset: POST /api/webhooks/a2e answers 503. */
  A2E_WEBHOOK_TOKEN?: string;
  /** Upstream timeout in milliseconds (tests shorten it). */
  UPSTREAM_TIMEOUT_MS?: string;
  /** Bring your own model (DESIGN.md): any OpenAI-compatible API base, its key (secret) and model. */
  LLM_BASE_URL?: string;
  LLM_API_KEY?: string;
  LLM_MODEL?: string;
  /** `paced` holds each sentence until the last one is nearly said; default: send when complete. */
  LLM_SPEAK_PACING?: string;
  /** The simulator's stand-in model: time to first token, and tokens per second after it. */
  SIM_LLM_FIRST_TOKEN_MS?: string;
  SIM_LLM_TOKENS_PER_SECOND?: string;
  /** The simulated avatar's render lead before it starts speaking (ms; utterance-timing.ts). */
  SIM_RENDER_LEAD_MS?: string;
  /**
   * Speech-to-text (DESIGN.md, "Bring your own model"): any OpenAI-compatible API base (its
   * `/audio/transcriptions`), its key (secret) and model. Unset STT_BASE_URL: no transcribe.
   */
  STT_BASE_URL?: string;
  STT_API_KEY?: string;
  STT_MODEL?: string;
  /** Lets a non-loopback caller use the simulator's test switches (`/sim/faults`, `/sim/stats`, room drops). */
  SIM_CONTROL_TOKEN?: string;
  ASSETS?: Fetcher;
  BROKER_SESSION: DurableObjectNamespace<BrokerSession>;
  SESSION_LEDGER: DurableObjectNamespace<SessionLedger>;
  SIMULATOR: DurableObjectNamespace<SimulatorState>;
  SIM_ROOM: DurableObjectNamespace<SimRoom>;
  /** The simulated account's records for the rest of the A2E API (worker/simulator/rest). */
  SIM_TASKS: DurableObjectNamespace<SimulatorTasks>;
  /** A2E's task events received at /api/webhooks/a2e (worker/webhooks). */
  WEBHOOK_INBOX: DurableObjectNamespace<WebhookInbox>;
  /** Session creation per client (wrangler.toml `[[ratelimits]]`, worker/broker/rate-limit.ts). */
  SESSION_RATE_LIMIT: RateLimit;
}

/** Hono's type parameter for every app and middleware of this Worker. */
export interface AppEnv {
  Bindings: Env;
  Variables: { requestId: string };
}
