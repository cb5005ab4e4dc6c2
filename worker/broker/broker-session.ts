import { DurableObject } from 'cloudflare:workers';
import type { Env } from '../env';
import { a2eStreaming } from '../upstream/streaming-client';
import { sessionLedger } from './session-ledger';
import type { Brain } from '../config';
import { ModelAnswers } from '../model/model-answers';
import { brainOf, startAnswer, type AskCall, type AskStart } from '../model/session-ask';
import { UtteranceLimiter } from './utterance-limit';

/** Why a session ended: the page left, nobody spoke for a while, time ran out, or A2E failed. */
export type EndReason = 'client' | 'idle' | 'expired' | 'upstream';

export interface SessionRecord {
  sessionId: string;
  avatarId: string;
  language?: string;
  channel: string;
  uid: number;
  /** The Origin that created it; '' for a server-side caller. */
  origin: string;
  /** Times in Unix milliseconds. */
  createdAt: number;
  /** The earlier of SESSION_MAX_SECONDS and A2E's stated expiry; the ticket's exp is the same instant. */
  expiresAt: number;
  lastActivity: number;
  idleSeconds: number;
  /** `ending`: refused to callers, A2E leave not yet confirmed (the alarm keeps trying). */
  state: 'open' | 'ending' | 'ended';
  endReason?: EndReason;
  endedAt?: number;
  leaveAttempts: number;
  /** Who answers its asks (worker/model); unset on records from before models: A2E. */
  brain?: Brain;
}

export type NewSession = Omit<SessionRecord, 'lastActivity' | 'state' | 'leaveAttempts' | 'endReason' | 'endedAt'>;

export type EndStart = { proceed: false } | { proceed: true; channel: string };

const RECORD_KEY = 'session';
/**
 * Activity moves the idle deadline in steps of this much, so a session costs at most one storage
 * write a second however fast it speaks (a model's answer is several speaks): the idle limit is
 * counted in seconds (SESSION_IDLE_SECONDS), and a second of it is never missed.
 */
const ACTIVITY_STEP_MS = 1_000;
/**
 * The QA context A2E accepted for this session, apart from the record so that the calls that only
 * mark activity do not rewrite up to 5 000 characters each time. A2E documents no way to read a
 * context back (get-qa-context is `none` in shared/a2e-api.md), so this is what GET context answers.
 */
const CONTEXT_KEY = 'context';
/** After this many failed leaves from the alarm, stop: A2E ends the room at its expiry anyway. */
const MAX_LEAVE_ATTEMPTS = 8;
const LEAVE_RETRY_BASE_MS = 5_000;
const LEAVE_RETRY_MAX_MS = 5 * 60_000;

/**
 * One streaming session (one instance per session id): its channel, origin, times and state, and
 * the alarm that ends it upstream when it has been idle for idleSeconds or reaches its expiry, so
 * a vanished page never keeps a paid room open. The alarm wakes at the earliest moment the
 * session could be due and, when activity moved that moment on, simply sleeps again: activity
 * costs one storage write, not an alarm reschedule.
 */
export class BrokerSession extends DurableObject<Env> {
  private readonly utterances = new UtteranceLimiter();
  /** The stored record as last read or written (see load); undefined until first read. */
  private record: SessionRecord | null | undefined;
  /** The model's side of the session (brain `model`), made on its first ask. */
  private answers: ModelAnswers | undefined;

  /**
   * Records a new session, with the context it starts with (a session whose context A2E then
   * refuses is ended at once, so no caller ever reads a context A2E did not take).
   */
  async start(init: NewSession, context?: string): Promise<void> {
    const record: SessionRecord = { ...init, lastActivity: init.createdAt, state: 'open', leaveAttempts: 0 };
    this.save(record);
    if (context) this.ctx.storage.kv.put(CONTEXT_KEY, context);
    await this.ctx.storage.setAlarm(dueAt(record));
  }

  read(): SessionRecord | null {
    return this.load() ?? null;
  }

  /** Marks activity (speak, ask, context, heartbeat) on an open session; returns the session. */
  touch(): SessionRecord | null {
    const record = this.load();
    if (!record) return null;
    const now = Date.now();
    if (record.state === 'open' && now - record.lastActivity >= ACTIVITY_STEP_MS) {
      record.lastActivity = now;
      // The reply need not wait for this write to be durable (it would, through the output gate):
      // should the write fail, the object restarts and the session may end as idle a little early.
      void this.ctx.storage.put(RECORD_KEY, record, { allowUnconfirmed: true });
    }
    return record;
  }

  /**
   * Records the context A2E has just accepted (call it only after A2E said yes), or, where the
   * model answers, the context the broker keeps for the model's prompt.
   */
  recordContext(context: string): void {
    this.ctx.storage.kv.put(CONTEXT_KEY, context);
  }

  /** The context A2E last accepted for this session; '' when none was set. */
  context(): string {
    return this.ctx.storage.kv.get<string>(CONTEXT_KEY) ?? '';
  }

  /**
   * An utterance (speak, ask, transcribe) from `client`: counted against the per-client limit,
   * then marked as activity, in this one call. `limited`: refused, nothing marked.
   */
  utter(client: string | undefined): { limited: boolean; record: SessionRecord | null } {
    if (client !== undefined && !this.utterances.allow(client)) return { limited: true, record: null };
    return { limited: false, record: this.touch() };
  }

  /**
   * An ask: the utterance, and where the model answers this session, the answer's start, which
   * runs here so that an interrupt, through whichever isolate it comes, reaches it.
   */
  async ask(call: AskCall): Promise<AskStart> {
    const { limited, record } = this.utter(call.client);
    if (limited || record?.state !== 'open' || record.channel !== call.channel || brainOf(record) !== 'model') {
      return { limited, record };
    }
    this.answers ??= new ModelAnswers(this.ctx.storage.kv);
    const env = { ...this.env, ...call.vars };
    return { limited, record, events: await startAnswer(this.answers, env, record, this.context(), call.question) };
  }

  /** Stops the model's answer in progress (marking activity); whether there was one. */
  interrupt(channel: string): { record: SessionRecord | null; interrupted: boolean } {
    const record = this.touch();
    const ours = record?.state === 'open' && record.channel === channel;
    return { record, interrupted: ours ? (this.answers?.interrupt() ?? false) : false };
  }

  /**
   * Closes the session to callers and says whether the caller should now leave upstream: only
   * the first ending does, so two leaves racing each other call A2E once.
   */
  beginEnd(reason: EndReason): EndStart {
    this.answers?.interrupt();
    const record = this.load();
    if (!record || record.state !== 'open') return { proceed: false };
    record.state = 'ending';
    record.endReason = reason;
    this.save(record);
    return { proceed: true, channel: record.channel };
  }

  /** A2E confirmed the leave: the session is over and its ledger slot free. */
  async finishEnd(): Promise<void> {
    const record = this.load();
    if (!record || record.state === 'ended') return;
    await this.markEnded(record);
  }

  /** The caller's leave failed: let the alarm try again shortly. */
  async leaveFailed(): Promise<void> {
    const record = this.load();
    if (record?.state === 'ending') await this.retryLater(record);
  }

  override async alarm(): Promise<void> {
    const record = this.load();
    if (!record || record.state === 'ended') return;
    const now = Date.now();
    if (record.state === 'open') {
      const due = dueAt(record);
      if (now < due) {
        await this.ctx.storage.setAlarm(due);
        return;
      }
      record.state = 'ending';
      record.endReason = now >= record.expiresAt ? 'expired' : 'idle';
      this.answers?.interrupt();
      this.save(record);
    }
    try {
      await a2eStreaming.leave(this.env, record.channel);
    } catch {
      await this.retryLater(record);
      return;
    }
    await this.markEnded(record);
  }

  private async retryLater(record: SessionRecord): Promise<void> {
    record.leaveAttempts += 1;
    if (record.leaveAttempts >= MAX_LEAVE_ATTEMPTS) {
      console.error(
        JSON.stringify({ level: 'error', message: 'giving up leaving an A2E room', sessionId: record.sessionId, attempts: record.leaveAttempts }),
      );
      record.endReason ??= 'upstream';
      await this.markEnded(record);
      return;
    }
    this.save(record);
    const delay = Math.min(LEAVE_RETRY_BASE_MS * 2 ** (record.leaveAttempts - 1), LEAVE_RETRY_MAX_MS);
    await this.ctx.storage.setAlarm(Date.now() + delay);
  }

  private async markEnded(record: SessionRecord): Promise<void> {
    record.state = 'ended';
    record.endedAt = Date.now();
    this.save(record);
    await this.ctx.storage.deleteAlarm();
    await sessionLedger(this.env).release(record.sessionId);
  }

  /**
   * The record, read from storage once per object lifetime: only this object writes it, so the
   * copy in memory is the stored one, and every utterance (several per answer) skips a storage read
   * and its deserialisation. `null`: read, and there is none.
   */
  private load(): SessionRecord | undefined {
    if (this.record === undefined) this.record = this.ctx.storage.kv.get<SessionRecord>(RECORD_KEY) ?? null;
    return this.record ?? undefined;
  }

  private save(record: SessionRecord): void {
    this.ctx.storage.kv.put(RECORD_KEY, record);
    this.record = record;
  }
}

/** The earliest the session may be ended: idle since its last activity, or expired. */
function dueAt(record: SessionRecord): number {
  return Math.min(record.lastActivity + record.idleSeconds * 1000, record.expiresAt);
}

export function brokerSession(env: Env, sessionId: string): DurableObjectStub<BrokerSession> {
  return env.BROKER_SESSION.get(env.BROKER_SESSION.idFromName(sessionId));
}
