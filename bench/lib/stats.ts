/** Small statistics over repeated measurements; every figure in BENCHMARKS.md comes through here. */

/** The q-quantile (0..1) by linear interpolation between the nearest ranks. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.ceil(position);
  const low = sorted[below]!;
  const high = sorted[above]!;
  return low + (high - low) * (position - below);
}

export const median = (values: readonly number[]): number => quantile(values, 0.5);

/** A number rounded for a table: `digits` decimals, trailing zeros dropped. */
export function fixed(value: number, digits = 1): string {
  if (!Number.isFinite(value)) return 'n/a';
  return String(Number(value.toFixed(digits)));
}

export function kib(bytes: number): string {
  return `${fixed(bytes / 1024, 1)} KB`;
}

export function mib(bytes: number): string {
  return `${fixed(bytes / (1024 * 1024), 1)} MB`;
}
