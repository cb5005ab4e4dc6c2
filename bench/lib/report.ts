import type { Machine } from './machine.ts';
import type { BenchResult } from './result.ts';

export interface NamedResult {
  name: string;
  title: string;
  result: BenchResult;
  /** The machine's 1-minute load average when this benchmark started. */
  load?: number;
}

export interface ReportInput {
  machine: Machine;
  date: Date;
  quick: boolean;
  results: NamedResult[];
}

/** BENCHMARKS.md: where and when, the goal table, then each benchmark's method and figures. */
export function renderReport({ machine, date, quick, results }: ReportInput): string {
  const mark = (met: boolean | null) => (met === null ? '–' : met ? 'yes' : '**no**');
  const lines = [
    '# Benchmarks',
    '',
    'Written by `npm run bench` (bench/run.ts); do not edit by hand. Every figure is a median of',
    'repeated runs unless it says otherwise, and each comparison was measured side by side in one run.',
    quick ? '\n**Quick run (`--quick`): tiny sizes for a smoke test; these figures mean nothing.**' : '',
    '',
    `- Date: ${date.toISOString().replace(/\.\d+Z$/, 'Z')}`,
    `- Machine: ${machine.cores} cores, ${machine.cpuModel}, ${machine.memory} memory, ${machine.os}`,
    `- Node ${machine.node}; ${machine.chromium}`,
    '- Shared: the same machine runs the Worker (`wrangler dev`), the load generator and the browser.',
    `- Load average (1 min) as each benchmark started: ${results.map((r) => `${r.name} ${r.load === undefined ? '?' : r.load.toFixed(1)}`).join(', ')}`,
    '',
    '| what | goal | measured | met |',
    '| --- | --- | --- | --- |',
    ...results.flatMap(({ result }) =>
      result.rows.map((row) => `| ${row.what} | ${row.goal} | ${row.measured} | ${mark(row.met)} |`),
    ),
    '',
    ...results.flatMap(({ title, result }) => [`## ${title}`, '', result.details.trim(), '']),
  ];
  return lines.filter((line, i, all) => !(line === '' && all[i - 1] === '')).join('\n');
}
