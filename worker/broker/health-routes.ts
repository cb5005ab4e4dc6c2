import { Hono } from 'hono';
import { cors } from 'hono/cors';
import type { AppEnv } from '../env';
import type { HealthReply } from '../../protocol/broker-api';
import { readConfig } from '../config';
import { readSttConfig } from '../stt/stt-config';

/**
 * `stt`: whether transcribe is offered, i.e. STT_BASE_URL is set (stt/stt-config.ts), in either
 * mode. Readable from any origin: the widget on a customer's page asks it whether the broker
 * transcribes speech, and it says nothing that is not public.
 */
export const healthRoutes = new Hono<AppEnv>()
  .use('/health', cors({ origin: '*', allowMethods: ['GET'] }))
  .get('/health', (c) =>
    c.json<HealthReply>({ ok: true, mode: readConfig(c.env).mode, stt: readSttConfig(c.env) !== undefined }, 200, {
      'Cache-Control': 'no-store',
    }),
  );
