import { readFileSync } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';

/** What the figures were measured on, for the head of BENCHMARKS.md. */
export interface Machine {
  cores: number;
  cpuModel: string;
  memory: string;
  node: string;
  chromium: string;
  os: string;
}

export function describeMachine(chromiumVersion: string): Machine {
  return {
    cores: availableParallelism(),
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    memory: `${(totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    node: process.version,
    chromium: chromiumVersion,
    os: osRelease(),
  };
}

function osRelease(): string {
  try {
    const pretty = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(readFileSync('/etc/os-release', 'utf8'));
    return `${pretty?.[1] ?? 'Linux'} (${readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim()})`;
  } catch {
    return process.platform;
  }
}
