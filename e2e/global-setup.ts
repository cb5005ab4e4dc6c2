import { spawnSync } from 'node:child_process';

/** The Worker serves the built demo and widget, so build them once before the end-to-end tests. */
export default function setup(): void {
  const build = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('vite build failed');
}
