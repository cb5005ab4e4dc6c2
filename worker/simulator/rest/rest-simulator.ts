import { Hono } from 'hono';
import type { Env } from '../../env';

/** The rest of the A2E API, simulated from the catalogue (issue 5). */
export const restSimulator = new Hono<{ Bindings: Env }>();
