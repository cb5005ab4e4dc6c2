// `npm start`: build the demo and the widget, then serve them with the Worker on this machine.
// With no A2E_API_KEY in the environment (or .dev.vars) the Worker runs on its A2E simulator.
import { spawn, spawnSync } from 'node:child_process';

const port = process.env.PORT ?? '8787';
const host = process.env.HOST ?? '127.0.0.1';

const build = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const vars = ['A2E_API_KEY', 'A2E_BASE_URL', 'ADMIN_TOKEN', 'ALLOWED_ORIGINS', 'SESSION_SECRET']
  .filter((name) => process.env[name])
  .flatMap((name) => ['--var', `${name}:${process.env[name]}`]);

const wrangler = spawn(
  'npx',
  ['wrangler', 'dev', '--port', port, '--ip', host, '--show-interactive-dev-session=false', ...vars],
  { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, WRANGLER_SEND_METRICS: 'false' } },
);

// Wrangler's banner and its offline warnings (it cannot fetch Request.cf without a network)
// would bury the one line a newcomer needs; after start-up its request and error logs pass through.
const offlineNoise = /Request\.cf|getaddrinfo|GetAddrInfoReqWrap|update available/;
let ready = false;
const relay = (out) => (chunk) => {
  for (const line of chunk.toString().split('\n')) {
    if (!ready && /Ready on/i.test(line)) {
      ready = true;
      const mode = process.env.A2E_API_KEY ? 'live A2E' : 'the built-in A2E simulator';
      console.log(`a2e-avatar is running on ${mode}: http://localhost:${port}/`);
    } else if (ready && line.trim() && !offlineNoise.test(line)) {
      out.write(line + '\n');
    } else if (!ready && /error/i.test(line) && !offlineNoise.test(line)) {
      process.stderr.write(line + '\n');
    }
  }
};
wrangler.stdout.on('data', relay(process.stdout));
wrangler.stderr.on('data', relay(process.stderr));

for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => wrangler.kill(signal));
wrangler.on('exit', (code) => process.exit(code ?? 0));
