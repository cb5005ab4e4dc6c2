import { execFileSync } from 'node:child_process';
import type { BenchResult } from './lib/result.ts';

interface Measured {
  budget: number;
  rows: { entry: string; files: string[]; raw: number; gzip: number }[];
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

/** Builds the widget and reports the gzipped size of its first script and of what connect() loads. */
export function measureBundleSize(): BenchResult {
  execFileSync('npm', ['run', '--silent', 'build:widget'], { stdio: ['ignore', 'ignore', 'inherit'] });
  const { budget, rows } = JSON.parse(execFileSync('node', ['scripts/measure-bundle.mjs', '--json'], { encoding: 'utf8' })) as Measured;
  const [entry, classic, agora, simulator] = rows;
  if (!entry || !classic || !agora || !simulator) throw new Error('measure-bundle.mjs reported fewer rows than expected');
  return {
    rows: [
      { what: 'Widget first script (ES entry, static import graph), gzipped', goal: `≤ ${kb(budget)}`, measured: kb(entry.gzip), met: entry.gzip <= budget },
      { what: 'Widget classic `<script src>` bundle, gzipped', goal: `≤ ${kb(budget)}`, measured: kb(classic.gzip), met: classic.gzip <= budget },
      { what: 'Agora transport + SDK (lazy, loaded at connect()), gzipped', goal: 'loaded only at connect()', measured: kb(agora.gzip), met: null },
    ],
    details: [
      'Measured by `scripts/measure-bundle.mjs` on `npm run build:widget` output: gzip level 9 of each file in the import graph, summed.',
      'The entries have no static imports (Lit is bundled in); transports are fetched by `import()` at `connect()`, in parallel with `POST /v1/sessions`.',
      '',
      '| file | when it loads | gzipped | raw | files |',
      '| --- | --- | --- | --- | --- |',
      ...rows.map((r, i) => `| \`${r.entry}\` | ${i < 2 ? 'page load' : r.entry.startsWith('voice/') ? 'first microphone press' : 'connect()'} | ${kb(r.gzip)} | ${kb(r.raw)} | ${r.files.length} |`),
    ].join('\n'),
  };
}
