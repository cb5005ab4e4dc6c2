/**
 * The wire types of the broker API (DESIGN.md, "Broker API"), shared by the Worker that
 * serves them and the widget that calls them, so the two cannot drift apart.
 */

/** Every error the Worker returns has this body. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; requestId: string };
}

export type ErrorCode =
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'session_ended'
  | 'payload_too_large'
  | 'rate_limited'
  | 'too_many_sessions'
  | 'upstream_error'
  | 'upstream_busy'
  | 'upstream_timeout'
  | 'not_configured'
  | 'internal_error';

export interface HealthReply {
  ok: true;
  mode: 'live' | 'simulator';
  /** Who answers asks unless a session asks for the other. */
  brain: Brain;
  /** Whether `POST /v1/sessions/:id/transcribe` is offered. */
  stt: boolean;
}

/** Who answers a session's asks: A2E's own QA over its context, or the broker's model (LLM_BASE_URL). */
export type Brain = 'a2e' | 'model';

/** Longest QA context of a session whose model answers: the broker keeps it for the model's prompt. */
export const MODEL_MAX_CONTEXT_LENGTH = 20_000;

export interface AvatarSummary {
  id: string;
  name: string;
  previewImageUrl?: string;
  previewVideoUrl?: string;
  gender?: string;
}

export interface AvatarsReply {
  avatars: AvatarSummary[];
  /** Which transport sessions of this broker use, so the widget can start loading it early. */
  transport: SessionRtc['transport'];
}

export interface CreateSessionRequest {
  avatarId: string;
  /** Optional QA context set right after the session starts. */
  context?: string;
  /** BCP 47 language tag the visitor speaks, e.g. "en-US". */
  language?: string;
  /** Who answers this session's asks; `model` only where the broker has one. Default: `/health`'s `brain`. */
  brain?: Brain;
}

/** What the Agora transport needs to join the avatar's room. */
export interface AgoraRtc {
  transport: 'agora';
  appId: string;
  channel: string;
  token: string;
  uid: number;
}

/** What the simulator transport needs to join the simulated room. */
export interface SimulatorRtc {
  transport: 'simulator';
  appId: string;
  channel: string;
  token: string;
  uid: number;
  /** WebSocket URL of the simulated room, relative to the broker's origin. */
  roomUrl: string;
}

export type SessionRtc = AgoraRtc | SimulatorRtc;

export interface CreateSessionReply {
  sessionId: string;
  ticket: string;
  /** ISO 8601 time after which the session ends upstream. */
  expiresAt: string;
  /** Seconds without speak / ask / context / heartbeat after which the broker ends the session. */
  idleSeconds: number;
  rtc: SessionRtc;
}

export interface SpeakRequest {
  text: string;
}

export interface AskRequest {
  question: string;
}

/**
 * Reply to speak and ask: what the avatar will say, where the broker knows it (speak: the text).
 * A2E's ask reply carries no answer (the avatar sends it into the room), so ask has no `text`.
 */
export interface UtteranceReply {
  ok: true;
  text?: string;
}

/** `POST /v1/sessions/:id/interrupt`: whether an answer was being generated or waiting to be said. */
export interface InterruptReply {
  ok: true;
  interrupted: boolean;
}

/** The Server-Sent Events of a model's streamed ask (`Accept: text/event-stream`), by event name. */
export interface AskStreamEvents {
  /** A new piece of the answer, as the avatar is given it to say. */
  delta: { text: string };
  /** The answer is over: what was said, and whether an interrupt cut it short. */
  done: { text: string; interrupted: boolean };
  /** The answer failed after its first delta (before it, the reply is the JSON error itself). */
  error: ErrorBody;
}

export interface ContextRequest {
  context: string;
}

export interface ContextReply {
  context: string;
}

/**
 * Any body of a session call may carry its ticket instead of `Authorization: Bearer`, so that a
 * browser's call stays a CORS-simple request (no preflight); a GET may carry it as `?ticket=`.
 * Header and body together must hold the same ticket.
 */
export interface TicketInBody {
  ticket?: string;
}

/** leave's body: only the ticket (what `navigator.sendBeacon` sends). */
export type LeaveRequest = TicketInBody;

export interface LeaveReply {
  ok: true;
  state: 'ended';
}

export interface HeartbeatReply {
  ok: true;
  expiresAt: string;
}

/** Longest text A2E accepts for speak and ask, in characters. */
export const MAX_TEXT_LENGTH = 1000;
/**
 * Longest QA context accepted, in characters: A2E's own limit for set-qa-context (doc, shared/
 * a2e-api.md), so a longer one is refused with 413 before anything reaches A2E. The catalogue's
 * QA_CONTEXT_MAX_LENGTH is the same number (kept apart so the widget does not bundle zod).
 */
export const MAX_CONTEXT_LENGTH = 5_000;
