import { Hono } from 'hono';
import type { AppEnv } from '../env';

/** The back-office proxy: /api/v1/* to A2E with the admin token swapped for the key. */
export const proxyRoutes = new Hono<AppEnv>();
