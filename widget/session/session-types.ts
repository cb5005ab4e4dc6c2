import type { Brain, SessionRtc } from '../../protocol/broker-api';
import type { TransportFactory, VideoCodec } from '../transports/transport';
import type { A2eError } from './a2e-error';
import type { BackoffPolicy } from './backoff';
import type { BrokerCallStyle } from './broker-client';
import type { StateChange } from './session-state';

export type TransportKind = SessionRtc['transport'];

/** What the session tells its host (the element); the host turns these into DOM events and pixels. */
export interface SessionCallbacks {
  stateChange(change: StateChange): void;
  /** A finished line: the host shows it and announces it (`a2e-transcript`). */
  transcript(role: 'user' | 'avatar', text: string): void;
  /** The avatar's answer so far while it arrives in pieces (the whole text each time): one line that grows in place. */
  avatarPartial?(text: string): void;
  /**
   * The growing answer is over: `text` is its finished line, announced once; undefined when
   * another source already told it, so its line goes. Without this method, `transcript` is told.
   */
  avatarPartialEnd?(text: string | undefined): void;
  error(error: A2eError): void;
  /** The avatar's media, or null when there is none any more. */
  stream(stream: MediaStream | null): void;
  firstFrame?(): void;
}

export interface SessionOptions {
  server: string;
  avatarId: string;
  context?: string;
  language?: string;
  /** Who answers asks: A2E's QA or the broker's model; unset, the broker's default (its `/health` says which). */
  brain?: Brain;
  joinTimeoutMs: number;
  /** The video codec for carriers that let the client choose (Agora). */
  codec?: VideoCodec;
  /** Ends the session after this long without visitor activity; default: the broker's idleSeconds. */
  idleTimeoutMs?: number;
  reconnect?: BackoffPolicy;
  /** How long the transport may try to recover by itself before the session rejoins. */
  reconnectGraceMs?: number;
}

/** Seams for tests: everything that reaches out of the page. */
export interface SessionDeps {
  fetch?: typeof fetch;
  loadTransport?: (kind: TransportKind) => Promise<TransportFactory>;
  /**
   * For the benchmarks' "before" (issue 16): `preflighted` calls, and a heartbeat on its schedule
   * however busy the conversation, as the widget did before. Not for production use.
   */
  brokerCalls?: BrokerCallStyle;
  heartbeatWhileBusy?: boolean;
}
