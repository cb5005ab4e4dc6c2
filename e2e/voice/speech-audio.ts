import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One piece of a test's microphone audio: words spoken by espeak-ng, or silence. */
export type Piece = { say: string } | { silence: number };

/** The format Chromium's fake microphone plays best: 48 kHz, mono, 16-bit PCM WAV. */
const FORMAT = ['-r', '48000', '-c', '1', '-b', '16'];

/**
 * Builds a WAV file for Chromium's `--use-file-for-fake-audio-capture` from words and silences,
 * with Debian's espeak-ng and sox, in `dir`. Returns its path, and each piece's duration and
 * loud span (where its sound is above a tenth of its peak: espeak-ng pads its words with quiet).
 */
export function speechWav(dir: string, name: string, pieces: Piece[]): { path: string; seconds: number[]; loudSeconds: number[] } {
  const files = pieces.map((piece, i) => {
    const file = join(dir, `${name}-${i}.wav`);
    if ('say' in piece) {
      const raw = join(dir, `${name}-${i}-raw.wav`);
      run('espeak-ng', ['-v', 'en-us', '-w', raw, piece.say]);
      run('sox', [raw, ...FORMAT, file]);
    } else {
      run('sox', ['-n', ...FORMAT, file, 'trim', '0', String(piece.silence)]);
    }
    return file;
  });
  const path = join(dir, `${name}.wav`);
  run('sox', [...files, path]);
  const seconds = files.map((file) => Number(run('soxi', ['-D', file]).trim()));
  return { path, seconds, loudSeconds: files.map(loudSeconds) };
}

/** Seconds from the first to the last sample above a tenth of the peak, of a 16-bit PCM WAV (44-byte header). */
function loudSeconds(file: string): number {
  const bytes = readFileSync(file);
  const samples = new Int16Array(bytes.buffer, bytes.byteOffset + 44, (bytes.byteLength - 44) >> 1);
  const peak = samples.reduce((max, s) => Math.max(max, Math.abs(s)), 0);
  if (peak === 0) return 0;
  const loud = (s: number) => Math.abs(s) > peak * 0.1;
  return (samples.findLastIndex(loud) - samples.findIndex(loud)) / 48_000;
}

function run(command: string, args: string[]): string {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.error && (result.error as NodeJS.ErrnoException).code === 'ENOENT') {
    throw new Error(`the voice tests make their speech with ${command}: apt-get install espeak-ng sox`);
  }
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr || result.error?.message}`);
  return result.stdout;
}
