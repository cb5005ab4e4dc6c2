import { Hono } from 'hono';
import { cors } from 'hono/cors';
import type { AppEnv } from '../env';
import type { HealthReply } from '../../protocol/broker-api';
import { readConfig } from '../config';
import { readSttConfig } from '../stt/stt-config';

/**
 * `brain`: who answers asks by default. A model configured with LLM_BASE_URL does; in simulator
 * mode without one, the stand-in model is there for a session that asks for it (`brain: "model"`),
 * but A2E's QA stays the default, as on a Worker with no model. `stt`: whether transcribe is
 * offered, i.e. STT_BASE_URL is set (stt/stt-config.ts), in either mode. Public facts, readable
 * from any page: the widget learns the default brain here, and whether the broker transcribes.
 */
export const healthRoutes = new Hono<AppEnv>()
  .use('/health', cors({ origin: '*', allowMethods: ['GET'] }))
  .get('/health', (c) => {
    const config = readConfig(c.env);
    const stt = readSttConfig(c.env) !== undefined;
    return c.json<HealthReply>({ ok: true, mode: config.mode, brain: config.defaultBrain, stt }, 200, {
      'Cache-Control': 'no-store',
    });
  });
