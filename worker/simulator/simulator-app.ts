import { Hono } from 'hono';
import type { Env } from '../env';

/** The A2E HTTP API, simulated; called in-process by upstreamFetch. */
export const simulatorApp = new Hono<{ Bindings: Env }>();
