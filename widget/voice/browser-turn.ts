import { SpeechInput, speechFailure } from '../speech/speech-input';
import { VoiceFailure } from './voice-failure';

/**
 * One turn of the browser's speech recognition: what the visitor said ('' for nothing heard),
 * interim text shown as it comes. Aborting `signal` drops the turn (resolves undefined); `finish`
 * ends it early, keeping what was heard. A blocked microphone rejects with its VoiceFailure.
 */
export function browserTurn(
  language: string,
  interim: (text: string) => void,
  signal: AbortSignal,
  finish?: AbortSignal,
): Promise<string | undefined> {
  const speech = new SpeechInput();
  return new Promise((resolve, reject) => {
    let heard = '';
    const onAbort = () => {
      speech.abort();
      resolve(undefined);
    };
    if (signal.aborted) return onAbort();
    if (finish?.aborted) return resolve('');
    signal.addEventListener('abort', onAbort, { once: true });
    finish?.addEventListener('abort', () => speech.stop(), { once: true });
    speech.start(language, {
      result: (text, final) => {
        interim(final ? '' : text);
        if (final) heard = text;
      },
      end: (error) => {
        signal.removeEventListener('abort', onAbort);
        const failure = error && speechFailure(error);
        if (failure) reject(new VoiceFailure(failure.code));
        else resolve(heard);
      },
    });
  });
}
