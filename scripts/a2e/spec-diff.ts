import { asObject, HTTP_METHODS, type Json, type JsonObject } from './spec-facts.ts';

/** What changed between two snapshots of the reference, operation by operation (`METHOD path`). */
export interface SpecDiff {
  added: string[];
  removed: string[];
  changed: { operation: string; parts: string[] }[];
}

const PARTS = ['operationId', 'summary', 'tags', 'security', 'deprecated', 'parameters', 'requestBody', 'responses'] as const;

export function operationsOf(spec: JsonObject): Map<string, JsonObject> {
  const out = new Map<string, JsonObject>();
  for (const [path, item] of Object.entries(asObject(spec.paths))) {
    for (const method of HTTP_METHODS) {
      const op = asObject(asObject(item)[method]);
      if (Object.keys(op).length > 0) out.set(`${method.toUpperCase()} ${path}`, op);
    }
  }
  return out;
}

export function diffSpecs(before: JsonObject, after: JsonObject): SpecDiff {
  const old = operationsOf(before);
  const now = operationsOf(after);
  const diff: SpecDiff = { added: [], removed: [], changed: [] };
  for (const key of now.keys()) if (!old.has(key)) diff.added.push(key);
  for (const key of old.keys()) if (!now.has(key)) diff.removed.push(key);
  for (const [key, op] of now) {
    const was = old.get(key);
    if (!was) continue;
    const parts = PARTS.filter((part) => stable(was[part]) !== stable(op[part]));
    // A changed reply schema behind a `$ref` is a change of every operation that uses it.
    const refs = referencedSchemas(op);
    for (const name of refs) {
      const a = asObject(asObject(asObject(before.components).schemas)[name]);
      const b = asObject(asObject(asObject(after.components).schemas)[name]);
      if (stable(a) !== stable(b) && !parts.includes('responses')) parts.push('responses');
    }
    if (parts.length > 0) diff.changed.push({ operation: key, parts });
  }
  return diff;
}

export function isEmpty(diff: SpecDiff): boolean {
  return diff.added.length + diff.removed.length + diff.changed.length === 0;
}

export function formatDiff(diff: SpecDiff): string {
  if (isEmpty(diff)) return 'No operation changed.';
  const lines: string[] = [];
  if (diff.added.length) lines.push(`Added (${diff.added.length}):`, ...diff.added.map((op) => `  + ${op}`));
  if (diff.removed.length) lines.push(`Removed (${diff.removed.length}):`, ...diff.removed.map((op) => `  - ${op}`));
  if (diff.changed.length) {
    lines.push(`Changed (${diff.changed.length}):`, ...diff.changed.map(({ operation, parts }) => `  ~ ${operation} (${parts.join(', ')})`));
  }
  return lines.join('\n');
}

function referencedSchemas(op: JsonObject): string[] {
  const names: string[] = [];
  JSON.stringify(op, (key, value: Json) => {
    if (key === '$ref' && typeof value === 'string') names.push(value.replace('#/components/schemas/', ''));
    return value;
  });
  return names;
}

/** JSON with object keys sorted, so key order never counts as a change. */
export function stable(value: Json | undefined): string {
  return JSON.stringify(value ?? null, (_key, v: Json) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v,
  );
}
