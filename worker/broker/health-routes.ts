import { Hono } from 'hono';
import type { AppEnv } from '../env';
import type { HealthReply } from '../../protocol/broker-api';
import { readConfig } from '../config';

export const healthRoutes = new Hono<AppEnv>().get('/health', (c) =>
  c.json<HealthReply>({ ok: true, mode: readConfig(c.env).mode }, 200, { 'Cache-Control': 'no-store' }),
);
