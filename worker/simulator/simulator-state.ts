import { DurableObject } from 'cloudflare:workers';
import type { Env } from '../env';

/** The simulated A2E account: streaming tokens, QA contexts, fault switches. */
export class SimulatorState extends DurableObject<Env> {}
