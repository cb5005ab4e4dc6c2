import { DurableObject } from 'cloudflare:workers';
import type { Env } from '../env';

/** One streaming session's state and its idle / expiry alarm. */
export class BrokerSession extends DurableObject<Env> {}
