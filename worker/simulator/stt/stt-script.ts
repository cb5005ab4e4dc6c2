import { z } from 'zod';

/**
 * What the stand-in STT answers, one entry per transcription, in order: the text a test says it
 * spoke, an HTTP error, or a stall. The stand-in has no speech recognition: a test that plays
 * audio into the widget first tells it what that audio says (`POST /sim/stt/script`), and then
 * checks that exactly that text reached the avatar.
 */
export const sttReplySchema = z.union([
  z.object({ text: z.string().max(10_000) }).strict(),
  z.object({ status: z.number().int().min(400).max(599) }).strict(),
  /** Answers after this long (or never, past the caller's timeout): a stalled STT. */
  z.object({ stallMs: z.number().int().min(1).max(120_000) }).strict(),
]);

export type SttReply = z.infer<typeof sttReplySchema>;

/** Body of `POST /sim/stt/script`: replaces the queue. */
export const sttScriptSchema = z.object({ replies: z.array(sttReplySchema).max(100) }).strict();

/** What one transcription request brought, as the stand-in saw it (never a key, never the audio). */
export interface SttReceived {
  at: number;
  filename: string;
  type: string;
  bytes: number;
  model: string;
  language: string | null;
  /** Whether an Authorization header came with it. */
  authorized: boolean;
  /** What the stand-in answered: the scripted reply, or null for its fallback text. */
  reply: SttReply | null;
}

/** How many received records the simulator keeps (the newest). */
export const RECEIVED_KEPT = 50;
