import { Hono } from 'hono';
import type { Env } from '../env';
import { streamingSimulator } from './streaming/streaming-simulator';
import { restSimulator } from './rest/rest-simulator';

/** The A2E HTTP API, simulated; called in-process by upstreamFetch. */
export const simulatorApp = new Hono<{ Bindings: Env }>();

simulatorApp.route('/', streamingSimulator);
simulatorApp.route('/', restSimulator);
