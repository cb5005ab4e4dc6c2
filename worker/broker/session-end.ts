import type { Env } from '../env';
import { a2eStreaming } from '../upstream/streaming-client';
import type { BrokerSession, EndReason } from './broker-session';

/**
 * Ends a session upstream now. The session is closed to callers first; only the call that closed
 * it asks A2E to leave. If A2E fails (after retries), the error goes back to the caller and the
 * session's alarm keeps trying, so the room is still left.
 */
export async function endSession(env: Env, session: DurableObjectStub<BrokerSession>, reason: EndReason): Promise<void> {
  const start = await session.beginEnd(reason);
  if (!start.proceed) return;
  try {
    await a2eStreaming.leave(env, start.channel);
  } catch (err) {
    await session.leaveFailed();
    throw err;
  }
  await session.finishEnd();
}
