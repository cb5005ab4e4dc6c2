import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env';
import { readConfig } from '../config';
import { ApiError } from '../errors';
import { avatarPortraitSvg } from './avatar-portrait';
import { faultPatchSchema } from './fault-switches';
import { findSimAvatar } from './sim-avatars';
import { simRoom, simulatorState } from './sim-stubs';
import { JOIN_REFUSED_HEADER, type JoinRefusal } from './sim-room';
import { simControlGate } from './sim-control-gate';
import { sttSimRoutes } from './stt/stt-sim-routes';
import { standInModelRoutes } from './model/stand-in-model';

/** The media plane and test controls exist only while the Worker runs on its simulator. */
const simulatorModeOnly = createMiddleware<AppEnv>(async (c, next) => {
  if (readConfig(c.env).mode === 'live') {
    throw new ApiError(404, 'not_found', `No route for ${c.req.method} ${c.req.path}.`);
  }
  await next();
});

/**
 * The simulator's media plane under /sim (simulator mode only): the WebSocket rooms the widget's
 * simulator transport joins, the avatars' offline portraits, and the fault switches and
 * statistics that tests drive (those behind simControlGate: loopback or SIM_CONTROL_TOKEN).
 */
export const simulatorMediaRoutes = new Hono<AppEnv>()
  .use(simulatorModeOnly)

  /** Join a channel's room with the channel's RTC credentials (the ones agora-token returned). */
  .get('/rooms/:channel', async (c) => {
    const channel = c.req.param('channel');
    const token = c.req.query('token');
    const uid = Number(c.req.query('uid'));
    if (!token) throw new ApiError(401, 'unauthorized', 'Join with the token and uid of the session (?token=&uid=).');
    if (c.req.header('Upgrade')?.toLowerCase() !== 'websocket') {
      throw new ApiError(426, 'bad_request', 'This is a WebSocket endpoint; connect with Upgrade: websocket.', { Upgrade: 'websocket' });
    }
    const url = new URL(c.req.url);
    url.search = new URLSearchParams({ token, uid: String(uid) }).toString();
    // The room checks the credentials itself: one object call to join, not two.
    const joined = await simRoom(c.env, channel).fetch(new Request(url, c.req.raw));
    const refusal = joined.headers.get(JOIN_REFUSED_HEADER) as JoinRefusal | null;
    if (refusal === 'unknown') throw new ApiError(404, 'not_found', 'No room has this channel.');
    if (refusal === 'closed') throw new ApiError(404, 'session_ended', 'This room is closed; start a new session.');
    if (refusal === 'forbidden') throw new ApiError(403, 'forbidden', 'The token or uid does not belong to this room.');
    return joined;
  })

  /** A room fault: drops the room's sockets but keeps the channel open (to test reconnects). */
  .post('/rooms/:channel/drop', simControlGate, async (c) => {
    const channel = await simulatorState(c.env).channel(c.req.param('channel'));
    if (!channel) throw new ApiError(404, 'not_found', 'No room has this channel.');
    const dropped = await simRoom(c.env, channel.channel).drop();
    return c.json({ dropped });
  })

  .get('/avatars/:id/preview.svg', (c) => {
    const avatar = findSimAvatar(c.req.param('id'));
    if (!avatar) throw new ApiError(404, 'not_found', 'No simulated avatar has this id.');
    return c.body(avatarPortraitSvg(avatar), 200, {
      'Content-Type': 'image/svg+xml; charset=utf-8',
      'Cache-Control': 'public, max-age=86400',
    });
  })

  .use('/faults', simControlGate)
  .use('/stats', simControlGate)

  .get('/faults', async (c) => c.json(await simulatorState(c.env).faults(), 200, { 'Cache-Control': 'no-store' }))

  .post('/faults', async (c) => {
    let raw: unknown;
    try {
      raw = await c.req.json();
    } catch {
      throw new ApiError(400, 'bad_request', 'The body must be JSON, e.g. {"fail5xx":1}.');
    }
    const patch = faultPatchSchema.safeParse(raw);
    if (!patch.success) {
      const detail = patch.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; ');
      throw new ApiError(400, 'bad_request', `Invalid fault switches: ${detail}`);
    }
    return c.json(await simulatorState(c.env).setFaults(patch.data), 200, { 'Cache-Control': 'no-store' });
  })

  .delete('/faults', async (c) => c.json(await simulatorState(c.env).clearFaults(), 200, { 'Cache-Control': 'no-store' }))

  .get('/stats', async (c) => c.json(await simulatorState(c.env).stats(), 200, { 'Cache-Control': 'no-store' }))

  /** The stand-in model, an OpenAI-compatible API at /sim/llm/v1 (LLM_BASE_URL may name it). */
  .route('/llm/v1', standInModelRoutes)

  /** The stand-in speech-to-text API (STT_BASE_URL may name /sim/stt/v1) and its test switches. */
  .route('/stt', sttSimRoutes);
