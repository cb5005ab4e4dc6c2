import { catalogue, type Endpoint } from '../../protocol/a2e-catalogue/index';
import { callEndpoint, type Outcome, type Target } from './a2e-request.ts';
import { notRun, rowFor, type Row } from './rows.ts';

const streaming = catalogue.streaming;

/**
 * The expiry asked for: A2E bills the whole expiry at once and refunds what leave leaves unused.
 * It documents no minimum; a minute covers every step with room to spare.
 */
export const CHECK_EXPIRE_SECONDS = 60;

const CONTEXT = 'This avatar is being checked by a2e:check. The answer to every question is: the check is running.';
const QUESTION = 'Is the check running?';
const SPEECH = ['This is a2e check, testing the streaming avatar.', 'And this is the second sentence, sent right after the first.'];

export interface StreamingReport {
  rows: Row[];
  /** What the two back-to-back speaks tell about speak pacing (DESIGN.md, LLM_SPEAK_PACING). */
  pacing?: string;
}

/**
 * One streaming session, as cheap as it can be: token (shortest expiry), context, speak, ask,
 * two speaks back to back, leave, then a second leave (harmless) and a speak (refused) to confirm
 * the leave took. Once a room is open it is always left, whatever failed in between, so the
 * check never leaves A2E billing.
 */
export async function checkStreaming(target: Target, avatarId: string | undefined): Promise<StreamingReport> {
  const later: Endpoint[] = [streaming.setQaContext, streaming.speak, streaming.ask, streaming.speak, streaming.speak, streaming.leave];
  if (!avatarId) {
    const why = 'no streaming avatar to open a session with (all_avatars gave none)';
    return { rows: [notRun(streaming.createToken, why), ...later.map((endpoint) => notRun(endpoint, why))] };
  }
  const token = await callEndpoint(target, streaming.createToken, { avatar_id: avatarId, expire_seconds: CHECK_EXPIRE_SECONDS });
  const rows = [rowFor(streaming.createToken, token)];
  const channel = channelOf(token);
  if (!channel) {
    return { rows: [...rows, ...later.map((endpoint) => notRun(endpoint, 'no room: agora-token gave no channel'))] };
  }

  let pacing: string | undefined;
  try {
    const step = async (endpoint: Endpoint, input: Record<string, unknown>, name?: string) => {
      const outcome = await callEndpoint(target, endpoint, input);
      rows.push(rowFor(endpoint, outcome, 'accepted', name));
      return outcome;
    };
    await step(streaming.setQaContext, { channel, text: CONTEXT });
    await step(streaming.speak, { channel, text: 'Hello from a2e check.' });
    await step(streaming.ask, { text: QUESTION, channel });
    const first = await step(streaming.speak, { channel, text: SPEECH[0] }, 'back to back, 1st');
    const second = await step(streaming.speak, { channel, text: SPEECH[1] }, 'back to back, 2nd');
    pacing = pacingOf(first, second);
  } finally {
    rows.push(rowFor(streaming.leave, await callEndpoint(target, streaming.leave, { channel })));
  }
  // The leave took: leaving again is harmless, and the room no longer speaks.
  rows.push(rowFor(streaming.leave, await callEndpoint(target, streaming.leave, { channel }), 'accepted', 'again: harmless'));
  const after = await callEndpoint(target, streaming.speak, { channel, text: 'Nobody should hear this.' });
  rows.push(rowFor(streaming.speak, after, 'refused', 'after leave: refused'));
  return { rows, ...(pacing ? { pacing } : {}) };
}

function channelOf(token: Outcome): string | undefined {
  const data = token.data as { channel?: unknown } | undefined;
  return token.code === 0 && typeof data?.channel === 'string' && data.channel ? data.channel : undefined;
}

function pacingOf(first: Outcome, second: Outcome): string {
  if (first.code !== 0) return 'Speak pacing: not known, the first speak was refused.';
  if (second.code === 0) {
    return (
      'Speak pacing: A2E took both speaks sent back to back (code 0 each). Whether the second waited for the ' +
      'first or cut it off is heard in the room, not told by the reply: if it cut off, set LLM_SPEAK_PACING=paced.'
    );
  }
  return `Speak pacing: A2E refused the second speak while the first was being said (code ${String(second.code)}): set LLM_SPEAK_PACING=paced.`;
}
