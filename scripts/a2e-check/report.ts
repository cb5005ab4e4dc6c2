import type { Row } from './rows.ts';

const HEADINGS = ['method', 'path', 'HTTP', 'code', 'result'] as const;

/** The rows as a plain-text table, one line per call, columns padded to line up. */
export function renderTable(rows: Row[]): string {
  const cells = rows.map((row) => [row.method, row.path, row.status, row.code, row.ok ? row.result : `DIFFERS: ${row.result}`]);
  const widths = HEADINGS.slice(0, -1).map((heading, i) => Math.max(heading.length, ...cells.map((line) => line[i]!.length)));
  const line = (values: readonly string[]) =>
    values.map((value, i) => (i < widths.length ? value.padEnd(widths[i]!) : value)).join('  ').trimEnd();
  return [line(HEADINGS), ...cells.map(line)].join('\n');
}

/** The last line: how many calls matched, and which differ. */
export function summarise(rows: Row[]): string {
  const differ = rows.filter((row) => !row.ok && !row.unreachable);
  const unreachable = rows.filter((row) => row.unreachable);
  if (differ.length === 0 && unreachable.length === 0) return `All ${rows.length} calls answer as the catalogue says.`;
  const parts = [];
  if (differ.length > 0) parts.push(`${differ.length} of ${rows.length} calls differ from the catalogue: ${[...new Set(differ.map((row) => `${row.method} ${row.path}`))].join(', ')}.`);
  if (unreachable.length > 0) parts.push(`${unreachable.length} got no reply.`);
  return parts.join(' ');
}
