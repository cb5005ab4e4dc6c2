import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/**
 * The resident memory of the workerd processes behind one `wrangler dev`. Wrangler runs two:
 * a proxy in front (the one listening on the port) and the one that runs the Worker; both are
 * children of wrangler's Node process, so they are found from the port's listener.
 */
export interface WorkerdProcess {
  pid: number;
  /** True for the process that listens on the dev port (wrangler's proxy in front of the Worker). */
  listener: boolean;
}

export function workerdProcesses(port: number): WorkerdProcess[] {
  const listener = listenerPid(port);
  const parent = stat(listener).ppid;
  return allPids()
    .filter((pid) => {
      try {
        const info = stat(pid);
        return info.ppid === parent && info.comm.startsWith('workerd');
      } catch {
        return false; // exited while we looked
      }
    })
    .map((pid) => ({ pid, listener: pid === listener }));
}

/** Resident set size in bytes, from /proc/<pid>/status. */
export function rssBytes(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(match[1]) * 1024;
}

/** Samples the RSS of `pids` every `intervalMs` until stopped; keeps the peak of each and of their sum. */
export function sampleRss(pids: number[], intervalMs = 10) {
  const peaks = new Map(pids.map((pid) => [pid, rssBytes(pid)]));
  let peakTotal = sum([...peaks.values()]);
  let samples = 0;
  const timer = setInterval(() => {
    const now = pids.map((pid) => rssBytes(pid));
    now.forEach((bytes, i) => peaks.set(pids[i]!, Math.max(peaks.get(pids[i]!)!, bytes)));
    peakTotal = Math.max(peakTotal, sum(now));
    samples++;
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      return { peaks, peakTotal, samples };
    },
  };
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

function listenerPid(port: number): number {
  const out = execFileSync('ss', ['-ltnpH', `sport = :${port}`], { encoding: 'utf8' });
  const match = /pid=(\d+)/.exec(out);
  if (!match) throw new Error(`nothing listens on port ${port}:\n${out}`);
  return Number(match[1]);
}

function stat(pid: number): { comm: string; ppid: number } {
  const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // comm is in parentheses and may hold spaces; the fields after it are space-separated.
  const close = text.lastIndexOf(')');
  const comm = text.slice(text.indexOf('(') + 1, close);
  const ppid = Number(text.slice(close + 2).split(' ')[1]);
  return { comm, ppid };
}

function allPids(): number[] {
  return readdirSync('/proc').filter((name) => /^\d+$/.test(name)).map(Number);
}
