#!/usr/bin/env node
// Makes tsc's declarations loadable under every TypeScript resolution, `nodenext` included:
//   node scripts/fix-dts-imports.mjs <types dir> <entry.d.ts> [<entry.d.ts> ...]
// The sources import without extensions (the bundler resolution they are written for), and
// tsc copies those specifiers as they are; in a "type": "module" package `nodenext` then finds
// nothing. Each relative specifier becomes the file it names (`./x` -> `./x.js`, `./dir` ->
// `./dir/index.js`). Declarations no entry reaches are removed: they would only describe
// internals, and some import packages a consumer does not install (the Agora transport's SDK).
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const [dir, ...entries] = process.argv.slice(2);
if (!dir || entries.length === 0) {
  console.error('usage: fix-dts-imports.mjs <types dir> <entry.d.ts> [...]');
  process.exit(2);
}
const root = resolve(dir);
// `from '...'`, `import '...'`, `import('...')`, `declare module '...'` is left alone (not relative).
const specifier = /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])(\.{1,2}\/[^'"]*)\2/g;

const reached = new Set();
const pending = entries.map((entry) => resolve(root, entry));
while (pending.length > 0) {
  const file = pending.pop();
  if (reached.has(file)) continue;
  if (!existsSync(file)) fail(`${relative(root, file)} does not exist`);
  reached.add(file);
  const code = readFileSync(file, 'utf8').replace(specifier, (_match, lead, quote, spec) => {
    const target = declarationOf(dirname(file), spec);
    if (!target) fail(`${relative(root, file)} imports ${spec}, which has no declaration`);
    pending.push(target.file);
    return `${lead}${quote}${target.spec}${quote}`;
  });
  writeFileSync(file, code);
}
for (const file of walk(root)) if (file.endsWith('.d.ts') && !reached.has(file)) rmSync(file);

function declarationOf(from, spec) {
  const bare = spec.replace(/\.(js|ts|d\.ts)$/, '');
  const path = resolve(from, bare);
  if (existsSync(`${path}.d.ts`)) return { file: `${path}.d.ts`, spec: `${bare}.js` };
  if (existsSync(join(path, 'index.d.ts'))) return { file: join(path, 'index.d.ts'), spec: `${bare}/index.js` };
  return undefined;
}

function* walk(folder) {
  for (const name of readdirSync(folder)) {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) yield* walk(path);
    else yield path;
  }
}

function fail(message) {
  console.error(`fix-dts-imports: ${message}`);
  process.exit(1);
}
