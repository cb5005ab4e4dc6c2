// The voice tests speak into a fake microphone: espeak-ng makes the words and sox the WAV file
// (e2e/voice/speech-audio.ts). Finds both, installs them from Debian's packages where it can (as
// root on Debian or Ubuntu), and otherwise says in one line what to install.
import { spawnSync } from 'node:child_process';
import { canApt } from './provision-engines.ts';

const COMMANDS = ['espeak-ng', 'sox', 'soxi'];
const PACKAGES = ['espeak-ng', 'sox'];

export function provisionSpeechTools(log: (line: string) => void): { ok: true } | { ok: false; message: string } {
  let missing = COMMANDS.filter((command) => !onPath(command));
  if (missing.length && canApt()) {
    log(`npm test: installing ${PACKAGES.join(' ')} (apt-get) for the voice tests`);
    const update = spawnSync('apt-get', ['update', '-q'], { stdio: ['ignore', 'ignore', 'inherit'] });
    if (update.status === 0) spawnSync('apt-get', ['install', '-y', '-q', ...PACKAGES], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    missing = COMMANDS.filter((command) => !onPath(command));
  }
  if (!missing.length) return { ok: true };
  return { ok: false, message: `npm test needs ${missing.join(', ')} for the voice tests: install ${PACKAGES.join(' ')} (Debian/Ubuntu: sudo apt-get install ${PACKAGES.join(' ')}; macOS: brew install espeak-ng sox)` };
}

function onPath(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}
