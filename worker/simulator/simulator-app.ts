import { Hono } from 'hono';
import { bearerAuth } from 'hono/bearer-auth';
import { createMiddleware } from 'hono/factory';
import { HTTPException } from 'hono/http-exception';
import type { Env } from '../env';
import { SIMULATOR_API_KEY } from '../config';
import { A2eError, a2eFail, SIM_CODES, type A2eFailure } from './a2e-reply';
import { simulatorState } from './sim-stubs';
import { streamingSimulator } from './streaming/streaming-simulator';
import { restSimulator } from './rest/rest-simulator';

/** How long a `timeout` fault hangs when the caller never aborts (it must not hang forever). */
export const TIMEOUT_FAULT_CAP_MS = 30_000;

/**
 * Counts the call and applies the fault switches (fault-switches.ts) before anything else, so a
 * faulted call never reaches its handler, exactly like a request lost in front of A2E.
 */
const faultSwitches = createMiddleware<{ Bindings: Env }>(async (c, next) => {
  const signal = c.req.raw.signal;
  const plan = await simulatorState(c.env).beginCall(c.req.path);
  if (plan.latencyMs > 0) await sleep(plan.latencyMs, signal);
  const fault = plan.fault;
  if (fault === null) return next();
  if (fault === 'timeout') {
    await sleep(TIMEOUT_FAULT_CAP_MS, signal);
    return c.html('<html><body><h1>504 Gateway Time-out</h1></body></html>', 504);
  }
  if (fault === 'fail5xx') return c.html('<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>', 503);
  if (fault === 'malformed') return c.body('{"code":0,"data":{"appId":"', 200, { 'Content-Type': 'application/json' });
  return a2eFail(c, fault.code, fault.msg);
});

/** A2E checks its key first; the simulator's key is fixed (config.ts) so the broker sends it as-is. */
const a2eAuth = bearerAuth({
  token: SIMULATOR_API_KEY,
  noAuthenticationHeader: { message: { code: SIM_CODES.unauthorized, msg: 'Missing Authorization: Bearer <API key>.' } satisfies A2eFailure },
  invalidAuthenticationHeader: { message: { code: SIM_CODES.unauthorized, msg: 'Malformed Authorization header.' } satisfies A2eFailure },
  invalidToken: { message: { code: SIM_CODES.unauthorized, msg: 'Invalid API key.' } satisfies A2eFailure },
});

/** The A2E HTTP API, simulated; called in-process by upstreamFetch. */
export const simulatorApp = new Hono<{ Bindings: Env }>();

simulatorApp.use(faultSwitches, a2eAuth);
simulatorApp.route('/', streamingSimulator);
simulatorApp.route('/', restSimulator);

simulatorApp.notFound((c) =>
  a2eFail(c, SIM_CODES.notFound, `No such endpoint: ${c.req.method} ${c.req.path}`, 404),
);

simulatorApp.onError((err, c) => {
  // An aborted call rejects, as fetch() does when its signal aborts, rather than answering.
  const signal = c.req.raw.signal;
  if (signal.aborted) throw signal.reason;
  if (err instanceof A2eError) return a2eFail(c, err.code, err.message, err.status);
  if (err instanceof HTTPException) return err.getResponse();
  console.error(JSON.stringify({ level: 'error', where: 'simulator', path: c.req.path, error: String(err) }));
  return a2eFail(c, SIM_CODES.internal, 'Internal error of the simulator.', 500);
});

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
