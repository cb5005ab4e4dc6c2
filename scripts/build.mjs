// `npm run build`: everything the Worker serves as static assets, in dist/site/.
//   1. the widget (`npm run build:widget` -> dist/widget/: a2e-avatar.js, its lazy chunks, the classic bundle);
//   2. the demo site (vite.config.ts -> dist/site/: the demo page and the support-site example);
//   3. the support launcher (demo/support/vite.config.ts -> dist/site/a2e-support.js, one classic script);
//   4. the browser files of dist/widget/ copied into dist/site/, so the Worker serves the widget at /a2e-avatar.js;
//   5. the typed A2E client (`npm run build:client` -> dist/client/, the package's "./client" export).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const quiet = { logLevel: 'warn' };

const scripts = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts ?? {};
if (!scripts['build:widget']) fail('package.json has no "build:widget" script: the widget cannot be built.');
const widget = spawnSync('npm', ['run', '--silent', 'build:widget'], { cwd: root, stdio: 'inherit' });
if (widget.status !== 0) fail('the widget build failed.');
const widgetDir = join(root, 'dist/widget');
if (!existsSync(join(widgetDir, 'a2e-avatar.js'))) fail('the widget build made no dist/widget/a2e-avatar.js.');

await build({ ...quiet, configFile: join(root, 'vite.config.ts') });
await build({ ...quiet, configFile: join(root, 'demo/support/vite.config.ts') });
// Browsers get the self-contained files (a2e-avatar.js, a2e-avatar.global.js, transports/); the
// package's entries (index.js, react.js and their chunk, which import `lit` and `react` by name)
// and its type declarations are for npm consumers.
const forBrowsers = (path) => path === widgetDir || /^(a2e-avatar(\.global)?\.js|transports(\/.*)?)$/.test(relative(widgetDir, path));
cpSync(widgetDir, join(root, 'dist/site'), { recursive: true, filter: forBrowsers });

const client = spawnSync('npm', ['run', '--silent', 'build:client'], { cwd: root, stdio: 'inherit' });
if (client.status !== 0) fail('the typed client build failed.');

function fail(message) {
  console.error(`npm run build: ${message}`);
  process.exit(1);
}
