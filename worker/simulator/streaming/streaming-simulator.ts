import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { Env } from '../../env';
import { MAX_TEXT_LENGTH } from '../../../protocol/broker-api';
import { catalogue } from '../../../protocol/a2e-catalogue/index';
import { QA_CONTEXT_MAX_LENGTH } from '../../../protocol/a2e-catalogue/sections/streaming';
import { streamingEndpoints as endpoints } from '../../catalogue/streaming-endpoints';
import { A2eError, a2eFail, a2eOk, SIM_CODES } from '../a2e-reply';
import { findSimAvatar, listedAvatar, SIM_AVATARS } from '../sim-avatars';
import { simRoom, simulatorState } from '../sim-stubs';
import type { SimChannel } from '../simulator-state';
import { answerFromContext } from './qa-retrieval';
import { newChannelName, newRtcToken, newUid, SIM_APP_ID } from './sim-credentials';

/** Expiry when the caller names none, and the longest one accepted (one day). */
export const DEFAULT_EXPIRE_SECONDS = 600;
export const MAX_EXPIRE_SECONDS = 86_400;

type SimContext = Context<{ Bindings: Env }>;

const channelField = z.string({ error: 'channel is required' }).trim().min(1, 'channel is required').max(200);
const textField = (name: string) =>
  z
    .string({ error: `${name} is required` })
    .refine((value) => value.trim().length > 0, `${name} is required`)
    .refine((value) => value.length <= MAX_TEXT_LENGTH, `${name} is longer than ${MAX_TEXT_LENGTH} characters`);

const schemas = {
  createToken: z.object({
    avatar_id: z.string({ error: 'avatar_id is required' }).trim().min(1, 'avatar_id is required'),
    expire_seconds: z
      .union([z.number(), z.string().regex(/^\d+$/).transform(Number)], { error: 'expire_seconds must be a number' })
      .pipe(
        z
          .number()
          .int('expire_seconds must be a whole number')
          .min(1, 'expire_seconds must be positive')
          .max(MAX_EXPIRE_SECONDS, `expire_seconds must be at most ${MAX_EXPIRE_SECONDS}`),
      )
      .optional(),
  }),
  // doc: `text` is the context, at most 5 000 characters.
  setQaContext: z.object({
    channel: channelField,
    text: z
      .string({ error: 'text is required' })
      .max(QA_CONTEXT_MAX_LENGTH, `text is longer than ${QA_CONTEXT_MAX_LENGTH} characters`),
  }),
  getQaContext: z.object({ channel: channelField }),
  // doc: the question is `text` (a `question` field is not A2E's and leaves `text` missing).
  ask: z.object({ channel: channelField, text: textField('text') }),
  speak: z.object({ channel: channelField, text: textField('text') }),
  // doc: `channel` and nothing else; other fields are ignored, as they carry nothing A2E reads.
  leave: z.object({ channel: channelField }),
};

/** Not documented (a2e-api.md: `none`); answered here only so the proxy's catalogue entry works. */
const getQaContextPath = catalogue.streaming.getQaContext.path;

/**
 * A2E's streaming-avatar endpoints, simulated, exactly as shared/a2e-api.md documents them, on the
 * paths of the catalogue. Replies use A2E's envelope; what A2E would refuse (a missing field, a
 * context over 5 000 characters, a path it does not have) is a non-zero code with HTTP 200.
 */
export const streamingSimulator = new Hono<{ Bindings: Env }>()
  .get(endpoints.listAvatars.path, (c) => a2eOk(c, SIM_AVATARS.map(listedAvatar)))

  .post(endpoints.createToken.path, async (c) => {
    const body = await readBody(c, schemas.createToken);
    const avatar = findSimAvatar(body.avatar_id);
    if (!avatar) throw new A2eError(SIM_CODES.notFound, 'avatar_id not found: no streaming avatar has this id.');
    const channel = {
      channel: newChannelName(),
      avatarId: avatar._id,
      uid: newUid(),
      token: newRtcToken(),
      expiresAt: Date.now() + (body.expire_seconds ?? DEFAULT_EXPIRE_SECONDS) * 1000,
    };
    // The account's record of the channel and the room itself: two objects, made at once.
    await Promise.all([
      simulatorState(c.env).openChannel(channel),
      simRoom(c.env, channel.channel).open({
        channel: channel.channel,
        token: channel.token,
        uid: channel.uid,
        avatarId: avatar._id,
        avatarName: avatar.name,
        appearance: avatar.appearance,
        expiresAt: channel.expiresAt,
      }),
    ]);
    // seen: A2E's reply also states the expiry, in Unix seconds and as a UTC date (stated a
    // fraction of a second early, never late).
    const expireSeconds = Math.floor(channel.expiresAt / 1000);
    return a2eOk(c, {
      appId: SIM_APP_ID,
      token: channel.token,
      channel: channel.channel,
      uid: channel.uid,
      expire_epoch_timestamp: expireSeconds,
      expire_date_UTC: new Date(expireSeconds * 1000).toISOString(),
    });
  })

  .post(endpoints.setQaContext.path, async (c) => {
    const body = await readBody(c, schemas.setQaContext);
    const set = await simulatorState(c.env).setContext(body.channel, body.text);
    if (set === 'unknown') throw unknownChannel();
    if (set !== 'ok') throw closedChannel(set);
    return a2eOk(c, null);
  })

  // The simulator keeps answering this undocumented read: it stands in for an A2E that may have
  // it, and the catalogue lists it (marked `none`) so the proxy and the typed client can reach
  // it. Nothing of the broker calls it.
  .get(getQaContextPath, async (c) => {
    const query = parse(schemas.getQaContext, c.req.query());
    const channel = await openChannel(c, query.channel);
    return a2eOk(c, { context: channel.context });
  })

  .post(endpoints.ask.path, async (c) => {
    const body = await readBody(c, schemas.ask);
    const channel = await openChannel(c, body.channel);
    // doc: the reply carries no answer; the avatar says it in the room.
    await say(c, channel.channel, 'answer', answerFromContext(channel.context, body.text));
    return a2eOk(c, {});
  })

  .post(endpoints.speak.path, async (c) => {
    const body = await readBody(c, schemas.speak);
    await openChannel(c, body.channel);
    await say(c, body.channel, 'speak', body.text);
    return a2eOk(c, null);
  })

  .post(endpoints.leave.path, async (c) => {
    const body = await readBody(c, schemas.leave);
    const channel = await knownChannel(c, body.channel);
    // Leaving twice (or after expiry) succeeds: billing has ended either way.
    if (await simulatorState(c.env).closeChannel(channel.channel, 'left')) {
      await simRoom(c.env, channel.channel).close('left');
    }
    return a2eOk(c, null);
  })

  // Any other path under streaming-avatar (`question`, `get_qa_context`, a wrong method, ...) is
  // not A2E's: refused A2E-style, a non-zero code with HTTP 200.
  .all('/api/v1/streaming-avatar/*', (c) => a2eFail(c, SIM_CODES.notFound, `No such endpoint: ${c.req.method} ${c.req.path}`));

async function readBody<T>(c: SimContext, schema: z.ZodType<T>): Promise<T> {
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    throw new A2eError(SIM_CODES.badRequest, 'The request body must be a JSON object.');
  }
  return parse(schema, raw);
}

function parse<T>(schema: z.ZodType<T>, raw: unknown): T {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new A2eError(SIM_CODES.badRequest, 'The request body must be a JSON object.');
  }
  const result = schema.safeParse(raw);
  if (!result.success) {
    throw new A2eError(SIM_CODES.badRequest, result.error.issues.map((issue) => issue.message).join('; '));
  }
  return result.data;
}

const unknownChannel = () => new A2eError(SIM_CODES.notFound, 'channel not found: no streaming session has this channel.');
const closedChannel = (reason: string) => new A2eError(SIM_CODES.channelClosed, `channel is closed (${reason}); request a new token.`);

async function knownChannel(c: SimContext, name: string): Promise<SimChannel> {
  const channel = await simulatorState(c.env).channel(name);
  if (!channel) throw unknownChannel();
  return channel;
}

async function openChannel(c: SimContext, name: string): Promise<SimChannel> {
  const channel = await knownChannel(c, name);
  if (channel.closedReason) throw closedChannel(channel.closedReason);
  return channel;
}

async function say(c: SimContext, channel: string, kind: 'speak' | 'answer', text: string): Promise<void> {
  const result = await simRoom(c.env, channel).say(kind, text);
  if (!result.ok) throw new A2eError(SIM_CODES.channelClosed, 'channel is closed; request a new token.');
}
