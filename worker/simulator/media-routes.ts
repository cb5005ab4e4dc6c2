import { Hono } from 'hono';
import type { AppEnv } from '../env';

/** The simulator's media plane: WebSocket rooms under /sim (simulator mode only). */
export const simulatorMediaRoutes = new Hono<AppEnv>();
