import { Hono } from 'hono';
import type { Env } from '../../env';

/** A2E's streaming-avatar endpoints, simulated (issue 2). */
export const streamingSimulator = new Hono<{ Bindings: Env }>();
