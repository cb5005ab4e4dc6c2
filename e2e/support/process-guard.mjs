// Runs one command as a process group of its own and ends that whole group (the command and
// everything it started: workerd under wrangler, a browser's helpers, Xvfb under xvfb-run) when
// its owner goes away, however the owner ended: the owner holds our stdin, and the kernel closes
// it when the owner exits, is interrupted or is killed. SIGTERM, SIGINT or SIGHUP to us (a stop(),
// a Ctrl-C reaching the terminal's process group) ends the group the same way.
//
// Usage: node process-guard.mjs COMMAND [ARG...]; our exit code is the command's.
// Plain JavaScript, so it starts in milliseconds on any Node.
import { spawn } from 'node:child_process';

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error('usage: process-guard.mjs COMMAND [ARG...]');
  process.exit(2);
}

const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'], detached: true });
let exitCode;

function signalGroup(signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // No process of the group is left.
  }
}

let stopping = false;
function stop() {
  if (stopping) return;
  stopping = true;
  signalGroup('SIGTERM');
  // What does not stop within 3 s is killed; then we leave.
  setTimeout(() => {
    signalGroup('SIGKILL');
    process.exit(exitCode ?? 1);
  }, 3_000).unref();
}

child.on('error', (error) => {
  console.error(`process-guard: cannot run ${command}: ${error.message}`);
  process.exit(127);
});
child.on('exit', (code, signal) => {
  exitCode = code ?? (signal ? 128 : 1);
  // The leader is gone; whatever it left behind in its group goes too.
  signalGroup('SIGKILL');
  process.exit(exitCode);
});

process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.on('error', stop);
process.stdin.resume();
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(signal, stop);
