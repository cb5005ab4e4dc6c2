/**
 * `npm run a2e:sync`: rebuilds the snapshot of A2E's developer reference
 * (protocol/a2e-catalogue/reference/a2e-reference.json) from A2E's machine-readable OpenAPI
 * document, prints what changed (added, removed and changed operations), regenerates the types
 * and the operation index, and compares the operation list with A2E's endpoint catalogue page.
 *
 *   A2E_SPEC_URL   the OpenAPI document (default https://video.a2e.ai/dev/openapi-spec)
 *   A2E_SKILL_URL  the catalogue page (default https://video.a2e.ai/dev/skill); optional
 *   --check        report only: write nothing, exit 1 when anything changed
 *
 * Exit 0 when written (or nothing changed), 1 with --check and changes, 2 when it cannot run
 * (A2E unreachable, or a reply that is not an OpenAPI document).
 */
import { writeFileSync } from 'node:fs';
import { diffSpecs, formatDiff, isEmpty, operationsOf } from './spec-diff.ts';
import { specFacts, type JsonObject } from './spec-facts.ts';
import { readJson, SNAPSHOT_PATH, writeGenerated } from './generate.ts';

const SPEC_URL = process.env.A2E_SPEC_URL || 'https://video.a2e.ai/dev/openapi-spec';
const SKILL_URL = process.env.A2E_SKILL_URL || 'https://video.a2e.ai/dev/skill';
const TIMEOUT_MS = Number(process.env.A2E_SYNC_TIMEOUT_MS) || 20_000;
const checkOnly = process.argv.includes('--check');

async function fetchText(url: string): Promise<string> {
  const res = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS), headers: { Accept: 'application/json, text/markdown, */*' } });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return res.text();
}

function fail(message: string): never {
  console.error(`a2e:sync: ${message}`);
  process.exit(2);
}

let text: string;
try {
  text = await fetchText(SPEC_URL);
} catch (err) {
  fail(
    `cannot fetch A2E's reference from ${SPEC_URL} (${err instanceof Error ? err.message : String(err)}). ` +
      'No network, or A2E is down? The snapshot is unchanged. Set A2E_SPEC_URL to read it from elsewhere.',
  );
}
let spec: JsonObject;
try {
  spec = JSON.parse(text) as JsonObject;
} catch {
  fail(`${SPEC_URL} did not answer JSON; the snapshot is unchanged.`);
}
if (typeof spec.openapi !== 'string' || typeof spec.paths !== 'object' || spec.paths === null) {
  fail(`${SPEC_URL} did not answer an OpenAPI document (no "openapi" or "paths"); the snapshot is unchanged.`);
}

const next = specFacts(spec);
const current = readJson(SNAPSHOT_PATH);
const diff = diffSpecs(current, next);
console.log(`A2E's reference at ${SPEC_URL}: ${operationsOf(next).size} operations (snapshot: ${operationsOf(current).size}).`);
console.log(formatDiff(diff));

// The catalogue page lists the same operations as `METHOD /api/v1/...`; a mismatch is worth knowing.
try {
  const page = await fetchText(SKILL_URL);
  const listed = new Set([...page.matchAll(/\b(GET|POST|PUT|PATCH|DELETE)\s+`?(\/api\/v1\/[^\s`)]+)/g)].map((m) => `${m[1]} ${m[2]}`));
  const inSpec = new Set(operationsOf(next).keys());
  const onlyPage = [...listed].filter((op) => !inSpec.has(op));
  const onlySpec = [...inSpec].filter((op) => !listed.has(op));
  if (listed.size === 0) console.log(`The catalogue page ${SKILL_URL} lists no operation we could read.`);
  else if (onlyPage.length + onlySpec.length === 0) console.log(`The catalogue page lists the same ${listed.size} operations.`);
  else {
    if (onlyPage.length) console.log(`On the catalogue page only (${onlyPage.length}):\n${onlyPage.map((op) => `  ? ${op}`).join('\n')}`);
    if (onlySpec.length) console.log(`In the OpenAPI document only (${onlySpec.length}):\n${onlySpec.map((op) => `  ? ${op}`).join('\n')}`);
  }
} catch (err) {
  console.log(`(The catalogue page ${SKILL_URL} could not be read: ${err instanceof Error ? err.message : String(err)}; skipped.)`);
}

if (checkOnly) process.exit(isEmpty(diff) ? 0 : 1);
if (isEmpty(diff)) {
  console.log('The snapshot is up to date.');
  process.exit(0);
}
(next.info as JsonObject)['x-snapshot'] = { source: SPEC_URL, retrieved: new Date().toISOString().slice(0, 10) };
writeFileSync(SNAPSHOT_PATH, `${JSON.stringify(next, null, 2)}\n`);
console.log(`Wrote ${SNAPSHOT_PATH}.`);
await writeGenerated();
console.log('Now run the tests: the drift test names what the catalogue, the client and the simulator must follow.');
