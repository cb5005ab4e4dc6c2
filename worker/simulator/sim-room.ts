import { DurableObject } from 'cloudflare:workers';
import type { Env } from '../env';

/** One simulated streaming channel: the media plane the widget's simulator transport joins. */
export class SimRoom extends DurableObject<Env> {}
