// `npm test`: provisions the browsers the tests drive (scripts/provision-engines.ts) and the voice
// tests' speech tools (scripts/provision-speech-tools.ts), then
// typechecks and runs every test with vitest. Arguments after `--` go to vitest.
//
// Every server a test starts is owned by the test process that started it (e2e/support/owned-
// process.ts) and ends with it; this script only passes a Ctrl-C or SIGTERM on to vitest and waits.
import { spawn, spawnSync } from 'node:child_process';
import { wantedEngines } from '../e2e/engines/engine-executables.ts';
import { engineEnv, provisionEngines } from './provision-engines.ts';
import { provisionSpeechTools } from './provision-speech-tools.ts';

let wanted;
try {
  wanted = wantedEngines();
} catch (error) {
  console.error(`npm test: ${(error as Error).message}`);
  process.exit(2);
}
const provisioned = provisionEngines(wanted, (line) => console.log(line));
if (!provisioned.ok) {
  console.error(provisioned.message);
  process.exit(1);
}
const speech = provisionSpeechTools((line) => console.log(line));
if (!speech.ok) {
  console.error(speech.message);
  process.exit(1);
}
const env = { ...process.env, ...engineEnv(provisioned.engines), A2E_TEST_ENGINES: wanted.join(',') };

for (const project of ['worker', '.']) {
  const tsc = spawnSync('npx', ['tsc', '-p', project], { stdio: 'inherit', env });
  if (tsc.status !== 0) process.exit(tsc.status ?? 1);
}

const vitest = spawn('npx', ['vitest', 'run', ...process.argv.slice(2)], { stdio: 'inherit', env });
let signalled: NodeJS.Signals | undefined;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    signalled = signal;
    // A terminal's Ctrl-C reaches vitest too; a SIGTERM sent to us alone is passed on.
    if (vitest.exitCode === null) vitest.kill(signal === 'SIGINT' ? 'SIGINT' : 'SIGTERM');
  });
}
vitest.on('exit', (code, signal) => {
  if (signalled) process.exit(128 + (signalled === 'SIGINT' ? 2 : signalled === 'SIGTERM' ? 15 : 1));
  process.exit(code ?? (signal ? 1 : 0));
});
