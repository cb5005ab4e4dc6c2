import { Hono } from 'hono';
import type { AppEnv } from '../env';

/** Browser-facing broker routes under /v1 (issue 2 fills these in). */
export const brokerRoutes = new Hono<AppEnv>();
