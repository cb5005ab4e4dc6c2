// `npm start`: build the widget and the demo site, then serve them with the Worker (wrangler dev)
// on this machine, and print the one URL to open. No network needed.
//
// With no A2E_API_KEY (in the environment, .dev.vars or .env) the Worker runs on its built-in
// A2E simulator; with one, on the real A2E. PORT picks the port (default 8787), HOST the address,
// INSPECTOR_PORT the DevTools inspector's port.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const port = process.env.PORT || '8787';
const host = process.env.HOST || '127.0.0.1';

const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

// Plain settings go on the command line; secrets go through a private env file (0600, in a fresh
// temporary folder), so they never show in the process list. It lives as long as wrangler does,
// which re-reads it when it reloads its configuration.
const settings = [
  'A2E_BASE_URL', 'ALLOWED_ORIGINS', 'SESSION_MAX_SECONDS', 'SESSION_IDLE_SECONDS', 'MAX_CONCURRENT_SESSIONS',
  'LLM_BASE_URL', 'LLM_MODEL', 'LLM_SPEAK_PACING', 'SIM_LLM_FIRST_TOKEN_MS', 'SIM_LLM_TOKENS_PER_SECOND',
  'STT_BASE_URL', 'STT_MODEL',
];
const secrets = ['A2E_API_KEY', 'ADMIN_TOKEN', 'SESSION_SECRET', 'LLM_API_KEY', 'STT_API_KEY'];
// Speech-to-text offline: the simulator's stand-in on this very Worker (answered in-process, and
// only in simulator mode; with an A2E key and no STT_BASE_URL of your own there is no STT).
const devVarsFile = join(root, '.dev.vars');
const sttInDevVars = existsSync(devVarsFile) && /^\s*STT_BASE_URL\s*=\s*\S/m.test(readFileSync(devVarsFile, 'utf8'));
if (!sttInDevVars) process.env.STT_BASE_URL ||= `http://localhost:${port}/sim/stt/v1`;
const args = ['wrangler', 'dev', '--port', port, '--ip', host, '--show-interactive-dev-session=false'];
// The DevTools inspector wrangler opens (default 9229); INSPECTOR_PORT moves it.
if (process.env.INSPECTOR_PORT) args.push('--inspector-port', process.env.INSPECTOR_PORT);
for (const name of settings) if (process.env[name]) args.push('--var', `${name}:${process.env[name]}`);
let secretDir;
const givenSecrets = secrets.filter((name) => process.env[name]);
if (givenSecrets.length > 0) {
  secretDir = mkdtempSync(join(tmpdir(), 'a2e-start-'));
  const file = join(secretDir, 'secrets.env');
  // Single quotes: dotenv takes the value literally (no $VAR expansion inside an API key).
  writeFileSync(file, givenSecrets.map((name) => `${name}='${process.env[name]}'\n`).join(''), { mode: 0o600 });
  // An explicit env file replaces .dev.vars, so keep the developer's .dev.vars (if any) in front of it.
  const devVars = join(root, '.dev.vars');
  if (existsSync(devVars)) args.push('--env-file', devVars);
  args.push('--env-file', file);
}
const cleanup = () => secretDir && rmSync(secretDir, { recursive: true, force: true });

const wrangler = spawn('npx', args, {
  cwd: root,
  stdio: ['ignore', 'pipe', 'pipe'],
  env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
});

// Wrangler's banner and its offline warnings (it cannot fetch Request.cf without a network)
// would bury the one line a newcomer needs; after start-up its request and error logs pass through.
const offlineNoise = /Request\.cf|getaddrinfo|GetAddrInfoReqWrap|ENOTFOUND|update available|^\s+at /;
const url = `http://${host === '127.0.0.1' || host === '0.0.0.0' ? 'localhost' : host}:${port}/`;
let ready = false;
/** Until the URL is printed, the Worker's log of our own /health probe would come first: skip it. */
let announced = false;
/** Everything wrangler said before it was ready, to show if it never gets there. */
let startup = '';
const relay = (out) => (chunk) => {
  if (!ready) startup += chunk;
  for (const line of chunk.toString().split('\n')) {
    if (!ready && /Ready on/i.test(line)) {
      ready = true;
      void announce();
    } else if (ready && line.trim() && !offlineNoise.test(line) && (announced || !/GET \/health/.test(line))) {
      out.write(line + '\n');
    } else if (!ready && /error/i.test(line) && !offlineNoise.test(line)) {
      process.stderr.write(line + '\n');
    }
  }
};
wrangler.stdout.on('data', relay(process.stdout));
wrangler.stderr.on('data', relay(process.stderr));

/** Asks the Worker itself which A2E it runs on, so .dev.vars and .env count too. */
async function announce() {
  let mode = 'simulator';
  try {
    const health = await (await fetch(`http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}/health`)).json();
    mode = health.mode;
  } catch {
    // still printing the URL is what matters
  }
  const on = mode === 'live' ? 'the real A2E (A2E_API_KEY is set)' : 'its built-in A2E simulator (no A2E_API_KEY set)';
  console.log(`a2e-avatar demo running on ${on}: ${url}`);
  announced = true;
}

for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => wrangler.kill(signal));
wrangler.on('exit', (code) => {
  cleanup();
  if (!ready) process.stderr.write(`wrangler dev stopped before it was ready:\n${startup}\n`);
  process.exit(ready ? (code ?? 0) : code || 1);
});
