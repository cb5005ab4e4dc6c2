import { parseArgs } from 'node:util';
import { catalogue } from '../../protocol/a2e-catalogue/index';
import { callEndpoint, type Target } from './a2e-request.ts';
import { checkInput, readOnlyEntries } from './read-only.ts';
import { renderTable, summarise } from './report.ts';
import { exitCodeOf, notRun, rowFor, type Row } from './rows.ts';
import { checkStreaming } from './streaming-check.ts';

const DEFAULT_BASE_URL = 'https://video.a2e.ai';
const TIMEOUT_MS = 20_000;

export interface Io {
  out(line: string): void;
  err(line: string): void;
}

const USAGE = `Usage: A2E_API_KEY=sk_... npm run a2e:check [-- --streaming] [-- --avatar <id>]

Checks a live A2E account against the catalogue (protocol/a2e-catalogue/): one row per call with
its HTTP status, A2E's code and whether the reply matches the catalogue's schema.
  (default)     only the read-only endpoints that cost nothing
  --streaming   also one streaming session with the shortest expiry: context, speak, ask, two
                speaks back to back, leave (billed for that minute, the rest refunded)
  --avatar ID   the streaming avatar to use (default: the first A2E lists)
A2E_BASE_URL picks another upstream (default ${DEFAULT_BASE_URL}).
Exit 0: everything matches; 1: something differs; 2: it cannot run (no key, no reply).`;

/** The whole check; resolves with the exit code. Everything it prints goes through `io`. */
export async function runCheck(argv: string[], env: NodeJS.ProcessEnv, io: Io): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: { streaming: { type: 'boolean' }, avatar: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    }).values;
  } catch (err) {
    io.err(`${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    io.out(USAGE);
    return 0;
  }
  const key = env.A2E_API_KEY?.trim();
  if (!key) {
    io.err(`A2E_API_KEY is not set: the check needs your A2E API key (A2E web app, Account > API Token).\n\n${USAGE}`);
    return 2;
  }
  const baseUrl = (env.A2E_BASE_URL?.trim() || DEFAULT_BASE_URL).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]/.test(baseUrl)) {
    io.err(`A2E_BASE_URL must be an http(s) URL, e.g. ${DEFAULT_BASE_URL}.`);
    return 2;
  }
  // `npm run a2e:check --streaming` (without `--`) reaches the script as npm_config_streaming.
  const streaming = args.streaming === true || env.npm_config_streaming === 'true';
  const target: Target = { baseUrl, key, timeoutMs: TIMEOUT_MS };

  io.out(`a2e:check against ${displayUrl(baseUrl)} (${streaming ? 'read-only endpoints, then one streaming session' : 'read-only endpoints'})\n`);
  const rows: Row[] = [];
  let avatarId = args.avatar;
  for (const [index, { endpoint }] of readOnlyEntries().entries()) {
    const input = checkInput(endpoint);
    if (!input) {
      rows.push(notRun(endpoint, 'needs an input the check cannot make up (it is marked readOnly by mistake)'));
      continue;
    }
    const outcome = await callEndpoint(target, endpoint, input);
    // The first call doubles as the probe: no reply, or the key refused (HTTP 401, or A2E's code
    // 401 with HTTP 200), means nothing after it can tell anything about the catalogue.
    if (index === 0 && (outcome.unreachable || outcome.status === 401 || outcome.code === 401)) {
      const why = outcome.unreachable
        ? `no reply from ${displayUrl(baseUrl)}: ${outcome.unreachable}`
        : `${displayUrl(baseUrl)} refused the key (HTTP ${String(outcome.status)}, code ${String(outcome.code ?? '-')}${outcome.message ? `: ${outcome.message}` : ''})`;
      io.err(`a2e:check cannot run: ${why}.`);
      return 2;
    }
    rows.push(rowFor(endpoint, outcome));
    if (endpoint === catalogue.streaming.listAvatars && !avatarId) avatarId = firstAvatarId(outcome.data);
  }

  let pacing: string | undefined;
  if (streaming) {
    const report = await checkStreaming(target, avatarId);
    rows.push(...report.rows);
    pacing = report.pacing;
  }
  io.out(renderTable(rows));
  io.out('');
  if (pacing) io.out(pacing);
  io.out(summarise(rows));
  return exitCodeOf(rows);
}

function firstAvatarId(data: unknown): string | undefined {
  const first = Array.isArray(data) ? (data[0] as { _id?: unknown } | undefined) : undefined;
  return typeof first?._id === 'string' ? first._id : undefined;
}

/** The base URL without any credentials a user may have put in it. */
function displayUrl(baseUrl: string): string {
  const url = new URL(baseUrl);
  url.username = '';
  url.password = '';
  return url.toString().replace(/\/+$/, '');
}
