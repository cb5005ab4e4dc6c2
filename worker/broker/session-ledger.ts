import { DurableObject } from 'cloudflare:workers';
import type { Env } from '../env';

/** The count of open sessions, for MAX_CONCURRENT_SESSIONS. */
export class SessionLedger extends DurableObject<Env> {}
