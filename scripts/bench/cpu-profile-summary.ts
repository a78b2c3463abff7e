/**
 * Prints where a V8 CPU profile (.cpuprofile, from `node --cpu-prof` or the inspector) spent its
 * time: the top functions by self time and by inclusive time, and self time by package. Used to
 * choose what to remove from a hot path (scripts/bench-webhook-ingest.ts --profile).
 *
 *   npx tsx scripts/bench/cpu-profile-summary.ts bench-results/profiles/<file>.cpuprofile [--top 30]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
interface CpuProfile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }

/** Self and inclusive microseconds per function label, and self per package, from a profile's samples. */
export function summariseProfile(profile: CpuProfile): { totalUs: number; self: Map<string, number>; inclusive: Map<string, number>; byPackage: Map<string, number> } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const byPackage = new Map<string, number>();
  let totalUs = 0;
  for (const [id, us] of selfUs) {
    totalUs += us;
    const node = byId.get(id)!;
    add(self, labelOf(node), us);
    add(byPackage, packageOf(node.callFrame.url), us);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const label = labelOf(byId.get(cur)!);
      if (!seen.has(label)) add(inclusive, label, us);
      seen.add(label);
    }
  }
  return { totalUs, self, inclusive, byPackage };
}

function add(map: Map<string, number>, key: string, us: number): void {
  map.set(key, (map.get(key) ?? 0) + us);
}

function labelOf(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const file = url.replace(/^.*\/node_modules\//, '~/').replace(/^.*\/(src|scripts)\//, '$1/');
  return `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}`;
}

function packageOf(url: string): string {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1]!;
  if (url.startsWith('node:')) return 'node core';
  if (/\/(src|scripts)\//.test(url)) return 'carequal';
  return url ? 'other' : '(native / gc / idle)';
}

function main(): void {
  const [file] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  if (!file) throw new Error('usage: cpu-profile-summary.ts <file.cpuprofile> [--top N]');
  const topAt = process.argv.indexOf('--top');
  const top = topAt > 0 ? Number(process.argv[topAt + 1]) : 30;
  const { totalUs, self, inclusive, byPackage } = summariseProfile(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile);
  const show = (title: string, map: Map<string, number>) => {
    console.log(`\n${title}`);
    for (const [label, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${(us / 1000).toFixed(1).padStart(9)} ms ${((100 * us) / totalUs).toFixed(1).padStart(5)} %  ${label}`);
  };
  console.log(`total sampled: ${(totalUs / 1000).toFixed(1)} ms`);
  show('self time by package', byPackage);
  show('self time', self);
  show('inclusive time', inclusive);
}

if (require.main === module) main();
