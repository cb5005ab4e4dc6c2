import type { Brain, CreateSessionReply } from '../../protocol/broker-api';
import type { AvatarTransport } from '../transports/transport';
import { A2eError } from './a2e-error';
import type { ActivityTracker } from './activity-tracker';
import type { BrokerClient } from './broker-client';
import { endsSession } from './session-errors';
import { READY_STATES, type AvatarState } from './session-state';
import { textProblem } from './text-guard';
import type { TranscriptFeed } from './transcript-feed';

/** A session the broker made and the page is in: its reply, its carrier, who answers it. */
export interface LiveSession extends CreateSessionReply {
  transport?: AvatarTransport;
  /** Who answers this session's asks: as asked for, else the broker's default (its /health). */
  brain: Promise<Brain>;
}

/** What the commands need of the conversation they act on (AvatarSession). */
export interface CommandHost {
  state(): AvatarState;
  live(): LiveSession | undefined;
  broker(): BrokerClient;
  /** Bumped at every start and end: a failure from an older session must not end the new one. */
  generation(): number;
  activity: ActivityTracker;
  transcripts: TranscriptFeed;
  /** Tells the page (a2e-error). */
  report(error: A2eError): void;
  /** The broker no longer knows the session: end it with this error. */
  endGone(error: A2eError): Promise<void>;
  /** The carrier cut the avatar's speech. */
  speechCut(): void;
}

/**
 * What a visitor's page asks of a live conversation: say a line, ask a question, transcribe
 * speech, change the knowledge, stop an answer. Each refuses before anything is sent when the
 * conversation is not ready or the text is unfit, and a session the broker has forgotten ends.
 */
export class SessionCommands {
  constructor(private readonly host: CommandHost) {}

  async speak(text: string): Promise<void> {
    const live = this.ready(text);
    this.host.activity.touch();
    const reply = await this.#command((broker) => broker.speak(live, text));
    // The avatar says exactly this text, so show it even where neither source tells it.
    this.host.transcripts.fromReply(reply.text ?? text);
  }

  async ask(question: string): Promise<void> {
    const live = this.ready(question);
    this.host.activity.touch();
    this.host.transcripts.user(question);
    await this.host.transcripts.answer((onPiece) => this.#command((broker) => broker.ask(live, question, onPiece)));
  }

  /** One recorded utterance of the visitor to text, by the broker's speech-to-text. */
  async transcribe(audio: Blob): Promise<string> {
    const live = this.ready();
    this.host.activity.touch();
    return (await this.#command((broker) => broker.transcribe(live, audio))).text;
  }

  async setContext(context: string): Promise<void> {
    const live = this.ready();
    await this.#command((broker) => broker.setContext(live, context));
  }

  /**
   * Stops the answer in progress: the broker's model (POST interrupt) and, where the carrier can
   * (the simulator's room), the avatar's speech. False with A2E's QA over Agora: nothing can.
   */
  async interrupt(): Promise<boolean> {
    const live = this.ready();
    const [stopped, cut] = await Promise.all([
      live.brain.then((brain) => (brain === 'model' ? this.#command((broker) => broker.interrupt(live)).then((reply) => reply.interrupted) : false)),
      live.transport?.interrupt() ?? Promise.resolve(false),
    ]);
    // Sentences A2E already has are still said where the carrier cannot cut them.
    if (cut) this.host.speechCut();
    return stopped || cut;
  }

  /** The live session, when it can take a command now and `text` is fit to send; else reported and thrown. */
  ready(text?: string): LiveSession {
    const live = this.host.live();
    const state = this.host.state();
    if (!live || !READY_STATES.has(state)) {
      throw this.#fail(new A2eError('not_connected', `The avatar is not connected (state: ${state}). Call connect() first.`));
    }
    const problem = text === undefined ? undefined : textProblem(text);
    if (problem) throw this.#fail(problem);
    return live;
  }

  /** Runs a broker command; a session the broker no longer knows ends here, with the reason. */
  async #command<T>(call: (broker: BrokerClient) => Promise<T>): Promise<T> {
    const generation = this.host.generation();
    try {
      return await call(this.host.broker());
    } catch (err) {
      const error = A2eError.from(err);
      if (generation === this.host.generation() && endsSession(error)) await this.host.endGone(error);
      else this.host.report(error);
      throw error;
    }
  }

  #fail(error: A2eError): A2eError {
    this.host.report(error);
    return error;
  }
}
