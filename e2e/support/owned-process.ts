import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const guard = fileURLToPath(new URL('./process-guard.mjs', import.meta.url));

/** A server this process started, with everything it spawned in turn. */
export interface OwnedProcess {
  readonly child: ChildProcess;
  /** Everything it printed so far (stdout and stderr), for error messages. */
  output(): string;
  /** Ends the whole process group and resolves once it is gone. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Starts `command` so that it cannot outlive this process: it runs under process-guard.mjs, which
 * ends the command's whole process group on stop(), and on its own when this process ends in any
 * way (a failed or timed-out test run, Ctrl-C, SIGTERM, even SIGKILL), because the kernel then
 * closes the pipe the guard watches. Every server a test starts goes through here.
 */
export function spawnOwned(command: string, args: string[], options: Pick<SpawnOptions, 'cwd' | 'env'> = {}): OwnedProcess {
  const child = spawn(process.execPath, [guard, command, ...args], { ...options, stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  return {
    child,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
