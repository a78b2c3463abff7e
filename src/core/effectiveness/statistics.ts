/** Small statistics for the effectiveness figures. Pure. */

/** The q-quantile (0..1) of values by the nearest-rank method, or null for no values. */
export function quantile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[rank - 1]!;
}

/** z for a two-sided 95% interval. */
export const Z_95 = 1.959963984540054;

/**
 * Wilson score interval for a proportion (successes of n), 95% by default. Chosen over the normal
 * approximation because it stays inside [0, 1] and behaves for small n and rates near 0 or 1.
 */
export function wilsonInterval(successes: number, n: number, z = Z_95): { low: number; high: number } {
  if (n === 0) return { low: 0, high: 1 };
  const p = successes / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/** a / b, or null when b is 0. */
export function ratio(a: number, b: number): number | null {
  return b === 0 ? null : a / b;
}

/**
 * The q-quantile of values given as counts per value (value text → how many), by the same
 * nearest-rank method as {@link quantile}; null for no values.
 */
export function quantileOfCounts(counts: Readonly<Record<string, number>>, q: number): number | null {
  const sorted = Object.entries(counts).map(([value, n]) => [Number(value), n] as const).sort(([a], [b]) => a - b);
  const total = sorted.reduce((sum, [, n]) => sum + n, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (const [value, n] of sorted) {
    seen += n;
    if (seen >= rank) return value;
  }
  return sorted[sorted.length - 1]![0];
}
