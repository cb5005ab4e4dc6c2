import { z } from 'zod';

/** A JSON Schema object as the reference writes it (OpenAPI 3.0 dialect, facts only). */
export type JsonSchema = { [key: string]: unknown };

/** Inlines `#/components/schemas/*` references, so a schema stands on its own. */
export function resolveRefs(schema: unknown, components: Record<string, unknown>): JsonSchema {
  const walk = (value: unknown, seen: string[]): unknown => {
    if (Array.isArray(value)) return value.map((item) => walk(item, seen));
    if (!value || typeof value !== 'object') return value;
    const object = value as JsonSchema;
    const ref = typeof object.$ref === 'string' ? /^#\/components\/schemas\/(.+)$/.exec(object.$ref)?.[1] : undefined;
    if (ref !== undefined) {
      if (seen.includes(ref)) throw new Error(`Recursive schema ${ref} in the reference.`);
      return walk(components[ref] ?? {}, [...seen, ref]);
    }
    return Object.fromEntries(Object.entries(object).map(([key, sub]) => [key, key === 'enum' || key === 'default' ? sub : walk(sub, seen)]));
  };
  return walk(schema, []) as JsonSchema;
}

/** A zod schema of the facts (zod's own JSON Schema reader, in its OpenAPI 3.0 mode). */
export function toZod(schema: JsonSchema): z.ZodType {
  return z.fromJSONSchema(schema as never, { defaultTarget: 'openapi-3.0' });
}

/**
 * OpenAPI 3.0 schema to 3.1 (JSON Schema 2020-12): `nullable` becomes a `null` type; everything
 * else the reference uses means the same in both.
 */
export function toOpenApi31(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toOpenApi31);
  if (!schema || typeof schema !== 'object') return schema;
  const { nullable, ...rest } = schema as JsonSchema;
  const out = Object.fromEntries(
    Object.entries(rest).map(([key, value]) => [key, key === 'enum' || key === 'default' || key === 'const' ? value : toOpenApi31(value)]),
  ) as JsonSchema;
  if (nullable === true && typeof out.type === 'string') out.type = [out.type, 'null'];
  return out;
}
