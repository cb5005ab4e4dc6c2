import { Hono } from 'hono';
import type { AppEnv } from '../../env';
import { ApiError } from '../../errors';
import { simControlGate } from '../sim-control-gate';
import { simulatorState } from '../sim-stubs';
import { standInSttRoutes } from './stand-in-stt';
import { sttScriptSchema } from './stt-script';

const noStore = { 'Cache-Control': 'no-store' } as const;

/**
 * The stand-in STT under /sim/stt: its OpenAI-compatible API at /sim/stt/v1 (what STT_BASE_URL
 * names), and its test switches behind simControlGate: `POST /sim/stt/script { replies }` (what
 * the next transcriptions answer), `GET /sim/stt/received` (what they brought), `DELETE /sim/stt`.
 */
export const sttSimRoutes = new Hono<AppEnv>()
  .route('/v1', standInSttRoutes)
  .use('/script', simControlGate)
  .use('/received', simControlGate)
  .post('/script', async (c) => {
    let raw: unknown;
    try {
      raw = await c.req.json();
    } catch {
      throw new ApiError(400, 'bad_request', 'The body must be JSON, e.g. {"replies":[{"text":"Hello"}]}.');
    }
    const parsed = sttScriptSchema.safeParse(raw);
    if (!parsed.success) {
      const detail = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; ');
      throw new ApiError(400, 'bad_request', `Invalid STT script: ${detail}`);
    }
    await simulatorState(c.env).setSttScript(parsed.data.replies);
    return c.json({ replies: parsed.data.replies }, 200, noStore);
  })
  .get('/received', async (c) => c.json({ received: await simulatorState(c.env).sttReceived() }, 200, noStore))
  .delete('/', simControlGate, async (c) => {
    await simulatorState(c.env).resetStt();
    return c.json({ ok: true }, 200, noStore);
  });
