import type { z } from 'zod';

/** At most this many fields are named per kind of problem; the rest are counted. */
const NAMED = 6;

/**
 * How `data` differs from the catalogue's reply schema, in words a person can act on: the fields
 * that are missing, those of another type (with what was expected and what came), and any other
 * rule broken. Undefined when it matches. Array items are folded together (`[]._id`), so a list
 * of a hundred avatars without `name` reads as one missing field.
 */
export function describeMismatch(schema: z.ZodType, data: unknown): string | undefined {
  const result = schema.safeParse(data);
  if (result.success) return undefined;
  const missing = new Set<string>();
  const mistyped = new Set<string>();
  const other = new Set<string>();
  for (const issue of result.error.issues) {
    const field = label(issue.path);
    if (issue.code === 'invalid_type') {
      const actual = valueAt(data, issue.path);
      if (actual === undefined) missing.add(field);
      else mistyped.add(`${field} (expected ${issue.expected}, got ${kindOf(actual)})`);
    } else {
      other.add(`${field}: ${issue.message}`);
    }
  }
  return [
    named('missing', missing),
    named('mistyped', mistyped),
    named('invalid', other),
  ]
    .filter(Boolean)
    .join('; ');
}

function named(kind: string, items: Set<string>): string {
  if (items.size === 0) return '';
  const list = [...items];
  const more = list.length > NAMED ? `, and ${list.length - NAMED} more` : '';
  return `${kind} ${list.slice(0, NAMED).join(', ')}${more}`;
}

/** `data`, `uid`, `[]._id`, `list[].name`. */
function label(path: readonly PropertyKey[]): string {
  if (path.length === 0) return 'data';
  return path
    .map((key, i) => (typeof key === 'number' ? '[]' : `${i === 0 ? '' : '.'}${String(key)}`))
    .join('');
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let value = data;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}
