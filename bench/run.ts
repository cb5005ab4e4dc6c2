// `npm run bench`: builds the site, runs every benchmark one after another (never two at once:
// they share two cores) and writes BENCHMARKS.md. `--quick` runs each at a tiny size and prints
// instead of writing; `--only speak,upload` picks benchmarks; `--out FILE` writes elsewhere;
// `--no-build` measures the dist/ already there.
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { chromiumPath } from '../e2e/chromium.ts';
import { describeMachine } from './lib/machine.ts';
import { renderReport, type NamedResult } from './lib/report.ts';
import type { BenchResult } from './lib/result.ts';
import { benchmarks } from './benchmarks.ts';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    out: { type: 'string' },
    'no-build': { type: 'boolean', default: false },
  },
});

// wrangler dev keeps Durable Object storage under the temp directory: on tmpfs, the figures
// measure the code rather than this VM's disk flushes (production storage is neither).
if (!process.env.TMPDIR && existsSync('/dev/shm')) process.env.TMPDIR = '/dev/shm';

// The Worker serves the built widget and demo (dist/site); measure what `npm run build` makes now.
if (!values['no-build']) execFileSync('npm', ['run', '--silent', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });

const wanted = values.only?.split(',').map((name) => name.trim());
const selected = benchmarks.filter((bench) => !wanted || wanted.includes(bench.name));
if (selected.length === 0) {
  console.error(`no benchmark named ${values.only}; there are: ${benchmarks.map((b) => b.name).join(', ')}`);
  process.exit(2);
}

const results: NamedResult[] = [];
for (const bench of selected) {
  const started = Date.now();
  // Other work on the machine slows every figure; the report says how busy it was.
  const load = loadavg()[0]!;
  console.error(`bench: ${bench.name} ... (load average ${load.toFixed(1)})`);
  let result: BenchResult;
  try {
    result = await bench.run(values.quick);
  } catch (err) {
    // One broken benchmark must not hide the others' figures; its failure is reported as such.
    console.error(err);
    result = {
      rows: [{ what: bench.title, goal: bench.goal, measured: 'not measured (the run failed)', met: null }],
      details: `The run failed: \`${String(err instanceof Error ? err.message : err).split('\n')[0]}\``,
    };
  }
  console.error(`bench: ${bench.name} done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  results.push({ name: bench.name, title: bench.title, result, load });
}

const report = renderReport({
  machine: describeMachine(chromiumVersion()),
  date: new Date(),
  quick: values.quick,
  results,
});
const out = values.out ?? (values.quick ? undefined : 'BENCHMARKS.md');
if (out) {
  writeFileSync(out, report);
  console.error(`bench: wrote ${out}`);
} else {
  process.stdout.write(report);
}

function chromiumVersion(): string {
  try {
    return execFileSync(chromiumPath, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}
