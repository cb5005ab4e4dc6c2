import { spawnSync } from 'node:child_process';

/**
 * The Worker serves the built widget and demo site (dist/site), so build them once before the
 * end-to-end tests, with the same `npm run build` that `npm start` and `npm run deploy` use.
 */
export default function setup(): void {
  const build = spawnSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('npm run build failed');
}
