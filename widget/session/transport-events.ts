import type { EndReason, TransportEvents } from '../transports/transport';
import { A2eError } from './a2e-error';
import type { SessionStateMachine } from './session-state';
import type { TimerSet } from './session-timers';

/** What the mapping may do to the session it belongs to. */
export interface TransportEventsHost {
  /** False once this transport or its session is no longer the current one: its events are ignored. */
  current(): boolean;
  machine: SessionStateMachine;
  timers: TimerSet;
  /** How long the transport may try to recover by itself before the session rejoins. */
  graceMs(): number;
  /** The visitor counts as active. */
  touch(): void;
  stream(stream: MediaStream): void;
  firstFrame(): void;
  avatarText(text: string): void;
  avatarTextPartial(text: string): void;
  rejoin(): void;
  end(state: 'disconnected' | 'error', reason: EndReason, error?: A2eError): void;
}

/**
 * The one place where what the carrier reports becomes public state, so a change in the
 * carrier touches this function only.
 */
export function mapTransportEvents(host: TransportEventsHost): TransportEvents {
  const { current, machine, timers } = host;
  let graceTimer: ReturnType<typeof setTimeout> | undefined;
  return {
    stream: (stream) => current() && host.stream(stream),
    firstFrame: () => current() && host.firstFrame(),
    speaking: (speaking) => {
      if (!current()) return;
      if (speaking) host.touch(); // a visitor listening to a long answer is not idle
      if (speaking && machine.state === 'connected') machine.to('speaking');
      if (!speaking && machine.state === 'speaking') machine.to('connected');
    },
    avatarText: (text) => {
      if (current()) host.avatarText(text);
    },
    avatarTextPartial: (text) => {
      if (current()) host.avatarTextPartial(text);
    },
    connection: (state) => {
      if (!current()) return;
      if (state === 'reconnecting') {
        machine.to('reconnecting', 'network');
        // Agora retries silently for minutes; past the grace period the session rejoins itself.
        timers.cancel(graceTimer);
        graceTimer = timers.after(host.graceMs(), () => {
          if (current() && machine.state === 'reconnecting') host.rejoin();
        });
      } else {
        timers.cancel(graceTimer);
        if (machine.state === 'reconnecting') machine.to('connected');
      }
    },
    ended: (reason, message) => {
      if (!current()) return;
      timers.cancel(graceTimer);
      if (reason === 'client') return; // our own leave
      if (reason === 'network') {
        host.rejoin();
        return;
      }
      if (reason === 'upstream') {
        host.end('error', reason, new A2eError('session_ended', message ?? 'The avatar service ended the session.'));
      } else {
        host.end('disconnected', reason);
      }
    },
    tokenExpiring: () => {},
  };
}
