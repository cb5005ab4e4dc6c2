import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The package as a user gets it: `npm pack` (which builds what it packs), then a fresh project
 * (e2e/consumer/ plus the README's `checked` examples) that installs the tarball with React 19,
 * React 18 (as react-18, for the same checks), TypeScript, Vue and Svelte, in one npm install.
 */
export interface ConsumerProject {
  /** The project folder, with node_modules. */
  dir: string;
  tarball: string;
  /** `npm pack --json`'s report of the tarball. */
  packed: PackReport;
  run(command: string, args: string[], env?: Record<string, string>): CommandResult;
}

export interface PackReport {
  filename: string;
  size: number;
  unpackedSize: number;
  files: { path: string; size: number }[];
}

export interface CommandResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/** The README's code blocks that follow a `<!-- checked: path -->` line, by path. */
export function checkedExamples(readme = readFileSync(join(repoRoot, 'README.md'), 'utf8')): Map<string, string> {
  const blocks = new Map<string, string>();
  for (const match of readme.matchAll(/<!-- checked: (\S+) -->\n```\w*\n([\s\S]*?)\n```/g)) blocks.set(match[1]!, `${match[2]}\n`);
  return blocks;
}

export function createConsumerProject(): ConsumerProject {
  const base = mkdtempSync(join(tmpdir(), 'a2e-consumer-'));
  const pack = command('npm', ['pack', '--json', '--pack-destination', base], { cwd: repoRoot });
  if (pack.status !== 0) throw new Error(`npm pack failed:\n${pack.stderr}`);
  // prepare's build prints to stdout before npm's JSON report.
  const packed = (JSON.parse(pack.stdout.slice(pack.stdout.indexOf('[\n'))) as PackReport[])[0]!;
  const tarball = join(base, packed.filename);

  const dir = join(base, 'app');
  cpSync(join(repoRoot, 'e2e/consumer'), dir, { recursive: true });
  for (const [path, code] of checkedExamples()) {
    mkdirSync(dirname(join(dir, 'src', path)), { recursive: true });
    writeFileSync(join(dir, 'src', path), code);
  }
  const manifest = {
    name: 'a2e-consumer',
    private: true,
    type: 'module',
    dependencies: {
      'a2e-avatar': `file:${tarball}`,
      react: '^19.2.0',
      'react-dom': '^19.2.0',
      '@types/react': '^19.2.0',
      'react-18': 'npm:react@^18.3.1',
      'react-dom-18': 'npm:react-dom@^18.3.1',
      '@types/react-18': 'npm:@types/react@^18.3.0',
      typescript: '^5.9.0',
      vue: '^3.5.0',
      svelte: '^5.0.0',
    },
  };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  // Two Reacts in one project: react-dom-18's peer (react@18) cannot be met by the react@19
  // beside it, which is why it is aliased (and resolved by the Vite config) at all.
  const install = command('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--legacy-peer-deps', '--loglevel=error'], { cwd: dir });
  if (install.status !== 0) throw new Error(`npm install of the tarball failed:\n${install.stderr}`);

  return { dir, tarball, packed, run: (cmd, args, env = {}) => command(cmd, args, { cwd: dir, env: { ...process.env, ...env } }) };
}

function command(cmd: string, args: string[], options: SpawnSyncOptions): CommandResult {
  const result = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  if (result.error) throw result.error;
  return { status: result.status, stdout: String(result.stdout), stderr: String(result.stderr) };
}
