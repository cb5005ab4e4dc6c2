import { Hono } from 'hono';
import type { AppEnv } from '../env';
import type { HealthReply } from '../../protocol/broker-api';
import { readConfig } from '../config';
import { readSttConfig } from '../stt/stt-config';

/** `stt`: whether transcribe is offered, i.e. STT_BASE_URL is set (stt/stt-config.ts), in either mode. */
export const healthRoutes = new Hono<AppEnv>().get('/health', (c) =>
  c.json<HealthReply>({ ok: true, mode: readConfig(c.env).mode, stt: readSttConfig(c.env) !== undefined }, 200, {
    'Cache-Control': 'no-store',
  }),
);
