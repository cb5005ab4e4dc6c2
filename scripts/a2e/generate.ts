/**
 * Regenerates protocol/a2e-catalogue/generated/ from the reference snapshot and the older-docs
 * supplement: the TypeScript types of every operation (openapi-typescript, the well-kept
 * OpenAPI-to-TypeScript generator, rather than a generator of our own) and the index that names
 * each operation for the client (`section.name` to operationId, protocol/a2e-catalogue/naming.ts).
 *
 *   npm run a2e:generate          (a2e:sync runs it after writing a new snapshot)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import { BANNER, indexSource, mergedReference } from './reference-index.ts';
import type { JsonObject } from './spec-facts.ts';

const root = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));
export const SNAPSHOT_PATH = root('protocol/a2e-catalogue/reference/a2e-reference.json');
export const OLDER_DOCS_PATH = root('protocol/a2e-catalogue/reference/older-docs.json');
export const TYPES_PATH = root('protocol/a2e-catalogue/generated/reference-types.ts');
export const INDEX_PATH = root('protocol/a2e-catalogue/generated/operations.ts');

export function readJson(path: string): JsonObject {
  return JSON.parse(readFileSync(path, 'utf8')) as JsonObject;
}

export async function typesSource(doc: JsonObject): Promise<string> {
  // `emptyObjectsUnknown`: A2E's untyped `{ type: object }` replies are `Record<string, unknown>`, never `{}`.
  const ast = await openapiTS(doc as never, { emptyObjectsUnknown: true, silent: true });
  return `${BANNER}/* eslint-disable */\n${astToString(ast)}`;
}

export async function generatedSources(): Promise<{ path: string; source: string }[]> {
  const doc = mergedReference(readJson(SNAPSHOT_PATH), readJson(OLDER_DOCS_PATH));
  return [
    { path: INDEX_PATH, source: indexSource(doc) },
    { path: TYPES_PATH, source: await typesSource(doc) },
  ];
}

export async function writeGenerated(): Promise<void> {
  for (const { path, source } of await generatedSources()) writeFileSync(path, source);
  console.log(`Regenerated ${INDEX_PATH} and ${TYPES_PATH}.`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await writeGenerated();
