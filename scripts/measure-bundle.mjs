#!/usr/bin/env node
// Prints the gzipped size of what a page downloads for the widget: the entry's static import
// graph (the first script, budget 20 KB), each transport's graph (loaded at connect()) and the
// voice's (loaded when the visitor first turns the microphone on).
// Run after `npm run build:widget`; `--check` exits non-zero when the entry is over budget;
// `--json` prints the figures for `npm run bench` (bench/bundle-size.ts).
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const dir = resolve(import.meta.dirname, '../dist/widget');
const BUDGET = 20 * 1024;

/** The file and every file it imports statically; with `dynamic`, also what it imports lazily. */
function staticGraph(file, seen = new Set(), dynamic = false) {
  if (seen.has(file)) return seen;
  seen.add(file);
  const code = readFileSync(file, 'utf8');
  if (dynamic) {
    for (const match of code.matchAll(/\bimport\(\s*["'`](\.{1,2}\/[^"'`]+)["'`]\s*\)/g)) staticGraph(join(dirname(file), match[1]), seen, true);
  }
  // `import x from "./a.js"`, `export{y}from"./b.js"`, `import"./c.js"`; never `import("./d.js")`.
  const pattern = /\b(?:import|export)\b[^'"`;()]*?\bfrom\s*["'`](\.{1,2}\/[^"'`]+)["'`]|\bimport\s*["'`](\.{1,2}\/[^"'`]+)["'`]/g;
  for (const match of code.matchAll(pattern)) staticGraph(join(dirname(file), match[1] ?? match[2]), seen, dynamic);
  return seen;
}

function measure(entry, dynamic = false) {
  const files = [...staticGraph(join(dir, entry), new Set(), dynamic)];
  const gzip = files.reduce((sum, file) => sum + gzipSync(readFileSync(file), { level: 9 }).length, 0);
  const raw = files.reduce((sum, file) => sum + readFileSync(file).length, 0);
  return { entry: dynamic ? `${entry} + its lazy imports` : entry, files: files.map((f) => relative(dir, f)), raw, gzip };
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const rows = [
  measure('a2e-avatar.js'),
  measure('a2e-avatar.global.js'),
  // What connect() downloads: the transport and, for Agora, the SDK it imports at join.
  measure('transports/agora-transport.js', true),
  measure('transports/simulator-transport.js', true),
  // What the first press of the microphone downloads.
  measure('voice/voice-loop.js', true),
];
if (process.argv.includes('--json')) console.log(JSON.stringify({ budget: BUDGET, rows }));
else for (const row of rows) {
  console.log(`${row.entry.padEnd(52)} ${kb(row.gzip).padStart(9)} gzipped  ${kb(row.raw).padStart(10)} raw  (${row.files.length} file${row.files.length > 1 ? 's' : ''})`);
}
if (process.argv.includes('--check')) {
  const over = rows.slice(0, 2).filter((row) => row.gzip > BUDGET);
  for (const row of over) console.error(`${row.entry}: ${kb(row.gzip)} gzipped is over the ${kb(BUDGET)} budget`);
  process.exitCode = over.length > 0 ? 1 : 0;
}
