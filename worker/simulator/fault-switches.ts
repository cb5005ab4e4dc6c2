import { z } from 'zod';

/**
 * Fault switches for tests: what the next simulated A2E calls do instead of answering.
 * Counts apply to the next N calls (one fault per call, in the order of `FAULT_PRIORITY`);
 * `latencyMs` delays every call until the switches are cleared.
 */
export interface FaultSwitches {
  latencyMs: number;
  fail5xx: number;
  timeout: number;
  malformed: number;
  errorCode: { code: number; msg: string; count: number } | null;
}

export const NO_FAULTS: FaultSwitches = { latencyMs: 0, fail5xx: 0, timeout: 0, malformed: 0, errorCode: null };

/** Body of `POST /sim/faults`: the fields given replace the current ones. */
export const faultPatchSchema = z
  .object({
    latencyMs: z.number().int().min(0).max(60_000),
    fail5xx: z.number().int().min(0),
    timeout: z.number().int().min(0),
    malformed: z.number().int().min(0),
    errorCode: z
      .object({
        code: z.number().int().refine((code) => code !== 0, 'code must be non-zero'),
        msg: z.string().min(1).max(500),
        count: z.number().int().min(1).default(1),
      })
      .nullable(),
  })
  .partial()
  .strict();

export type FaultPatch = z.infer<typeof faultPatchSchema>;

/** What one simulated call must do before (or instead of) its handler. */
export interface CallPlan {
  latencyMs: number;
  fault: Exclude<keyof FaultSwitches, 'latencyMs' | 'errorCode'> | { code: number; msg: string } | null;
}

/** When several counted faults are armed, the one earliest here fires first. */
export const FAULT_PRIORITY = ['timeout', 'fail5xx', 'malformed', 'errorCode'] as const;

/** Picks the fault for one call and returns the switches with its count used up. */
export function takeFault(switches: FaultSwitches): { plan: CallPlan; next: FaultSwitches } {
  const plan: CallPlan = { latencyMs: switches.latencyMs, fault: null };
  for (const name of FAULT_PRIORITY) {
    if (name === 'errorCode') {
      const armed = switches.errorCode;
      if (!armed) continue;
      const count = armed.count - 1;
      return {
        plan: { ...plan, fault: { code: armed.code, msg: armed.msg } },
        next: { ...switches, errorCode: count > 0 ? { ...armed, count } : null },
      };
    }
    if (switches[name] > 0) {
      return { plan: { ...plan, fault: name }, next: { ...switches, [name]: switches[name] - 1 } };
    }
  }
  return { plan, next: switches };
}

export function applyPatch(switches: FaultSwitches, patch: FaultPatch): FaultSwitches {
  return {
    latencyMs: patch.latencyMs ?? switches.latencyMs,
    fail5xx: patch.fail5xx ?? switches.fail5xx,
    timeout: patch.timeout ?? switches.timeout,
    malformed: patch.malformed ?? switches.malformed,
    errorCode: patch.errorCode === undefined ? switches.errorCode : patch.errorCode,
  };
}
