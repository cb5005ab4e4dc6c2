import { AUDIO_TYPES, type AudioType } from '../../protocol/broker-api';

/** An accepted audio type and the file name it travels under to the STT API. */
export interface UtteranceType {
  type: AudioType;
  /** `utterance.webm`, ...: OpenAI-compatible APIs tell the format by the file name's extension. */
  filename: string;
}

/**
 * The accepted type a Content-Type names (`audio/webm`, `audio/webm;codecs=opus`, any case), or
 * undefined for anything else.
 */
export function utteranceType(contentType: string | null | undefined): UtteranceType | undefined {
  const base = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (!Object.hasOwn(AUDIO_TYPES, base)) return undefined;
  const type = base as AudioType;
  return { type, filename: `utterance.${AUDIO_TYPES[type]}` };
}

/**
 * The type of a multipart `file` part. Browsers label a Blob with the type MediaRecorder gave it;
 * curl and most HTTP libraries label a file `application/octet-stream` (or nothing), so there
 * the part's file name says what it is (`-F file=@question.wav`).
 */
export function partType(file: File): UtteranceType | undefined {
  const labelled = file.type.split(';')[0]!.trim().toLowerCase();
  if (labelled && labelled !== 'application/octet-stream') return utteranceType(file.type);
  const extension = /\.([a-z0-9]+)$/i.exec(file.name)?.[1]?.toLowerCase();
  const type = (Object.keys(AUDIO_TYPES) as AudioType[]).find((t) => AUDIO_TYPES[t] === extension);
  return type && utteranceType(type);
}

export const ACCEPTED_TYPES_TEXT = Object.keys(AUDIO_TYPES).join(', ');
