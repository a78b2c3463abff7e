import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';

/** One benchmark figure in the shape of DESIGN.md §10. */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  goal: number;
  higherIsBetter: boolean;
  details: Record<string, unknown>;
  machine: { cpus: number; node: string; cpuModel?: string };
  at: string;
}

/** Writes `bench-results/<name>.json` (the folder is git-ignored) and prints one line with the figure beside its goal. */
export function writeBenchResult(result: Omit<BenchResult, 'machine' | 'at'>, dir = join(process.cwd(), 'bench-results')): BenchResult {
  const full: BenchResult = {
    ...result,
    machine: { cpus: cpus().length, node: process.version, cpuModel: cpus()[0]?.model },
    at: new Date().toISOString(),
  };
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${result.name}.json`), `${JSON.stringify(full, null, 2)}\n`);
  const met = result.higherIsBetter ? result.value >= result.goal : result.value <= result.goal;
  console.log(`${result.name}: ${formatNumber(result.value)} ${result.unit} (goal ${result.higherIsBetter ? '≥' : '≤'} ${formatNumber(result.goal)}) ${met ? 'met' : 'NOT met'}`);
  return full;
}

/** Percentile (0–100) of a list of numbers, nearest-rank. */
export function percentile(values: readonly number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

function formatNumber(n: number): string {
  return Number.isInteger(n) ? n.toLocaleString('en-US') : n.toLocaleString('en-US', { maximumFractionDigits: 3 });
}

/**
 * A benchmark script's numeric `--name <n>` option, or `fallback`: at least `min` (default 0), and a
 * whole number when `integer` is set.
 */
export function numberOption(name: string, fallback: number, { min = 0, integer = false }: { min?: number; integer?: boolean } = {}): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(v) || v < min || (integer && !Number.isInteger(v))) throw new Error(`--${name} must be ${integer ? 'a whole number' : 'a number'} ≥ ${min}`);
  return v;
}
