// Finds the browser engines the tests drive and installs the missing ones where it can: Debian's
// packages on Debian or Ubuntu as root, Playwright's installer for Chromium elsewhere. Says in
// one line what to install when it cannot.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { DEBIAN_PACKAGES, findEngines, type EngineExecutables, type EngineName } from '../e2e/engines/engine-executables.ts';

export type Provisioned = { ok: true; engines: EngineExecutables } | { ok: false; message: string };

/** The variables that, when set, name an engine's executables (so nothing else is looked for). */
const SET_BY: Record<EngineName, string[]> = {
  chromium: ['CHROMIUM_PATH'],
  firefox: ['FIREFOX_PATH'],
  webkit: ['WEBKIT_WEBDRIVER_PATH', 'WEBKIT_MINIBROWSER_PATH', 'XVFB_PATH'],
};

export function provisionEngines(wanted: EngineName[], log: (line: string) => void): Provisioned {
  let missing = missingOf(wanted, findEngines());
  // A variable that names nothing is a mistake to report, not a reason to install.
  const misnamed = missing.flatMap((name) => SET_BY[name].filter((variable) => process.env[variable] && !existsSync(process.env[variable]!)));
  if (misnamed.length) return { ok: false, message: `npm test: ${misnamed.map((v) => `${v}=${process.env[v]}`).join(', ')} names no file: point it at the executable, or unset it` };
  if (missing.length && canApt()) {
    const packages = missing.flatMap((name) => DEBIAN_PACKAGES[name]);
    log(`npm test: installing ${packages.join(' ')} (apt-get) for the browser tests`);
    const update = spawnSync('apt-get', ['update', '-q'], { stdio: ['ignore', 'ignore', 'inherit'] });
    if (update.status === 0) spawnSync('apt-get', ['install', '-y', '-q', ...packages], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    missing = missingOf(wanted, findEngines());
  }
  if (missing.includes('chromium') && !isDebianLike()) {
    log('npm test: installing Chromium with Playwright\'s installer for the browser tests');
    spawnSync('npx', ['playwright', 'install', 'chromium'], { stdio: ['ignore', 'ignore', 'inherit'] });
    missing = missingOf(wanted, findEngines());
  }
  if (missing.length) return { ok: false, message: explain(missing) };
  return { ok: true, engines: findEngines() };
}

/** The engine paths, as the environment variables the tests read. */
export function engineEnv(engines: EngineExecutables): Record<string, string> {
  const env: Record<string, string> = {};
  if (engines.chromium) env.CHROMIUM_PATH = engines.chromium;
  if (engines.firefox) env.FIREFOX_PATH = engines.firefox;
  if (engines.webkit) {
    env.WEBKIT_WEBDRIVER_PATH = engines.webkit.driver;
    env.WEBKIT_MINIBROWSER_PATH = engines.webkit.browser;
    env.XVFB_PATH = engines.webkit.xvfb;
  }
  return env;
}

function missingOf(wanted: EngineName[], found: EngineExecutables): EngineName[] {
  return wanted.filter((name) => !found[name]);
}

function explain(missing: EngineName[]): string {
  const packages = missing.flatMap((name) => DEBIAN_PACKAGES[name]).join(' ');
  const vars = missing.map((name) => SET_BY[name].join(', ')).join('; ');
  const left = ['chromium', 'firefox', 'webkit'].filter((name) => !missing.includes(name as EngineName)).join(',') || 'chromium';
  return `npm test needs ${missing.join(', ')}: install ${packages} (Debian/Ubuntu: sudo apt-get install ${packages}), or set ${vars} to an installed one, or run without it: A2E_TEST_ENGINES=${left} npm test`;
}

export function canApt(): boolean {
  return isDebianLike() && process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
}

function isDebianLike(): boolean {
  try {
    const release = readFileSync('/etc/os-release', 'utf8');
    return /^(ID|ID_LIKE)=.*\b(debian|ubuntu)\b/m.test(release);
  } catch {
    return false;
  }
}
