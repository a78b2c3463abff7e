/**
 * Compares two V8 heap snapshots (e.g. the worker's at 5,000 and 15,000 contacts, written by
 * `bench-worker-rss.ts --heap-snapshots <dir>`): self size and count by constructor in each, the
 * groups that grew most, and for the top growers what holds them (retainer constructor and edge).
 *
 *   npx tsx scripts/bench/heap-snapshot-summary.ts <before.heapsnapshot> <after.heapsnapshot> [--top 25]
 *
 * Reads the node and edge arrays as numbers straight from the file (a snapshot of a few hundred
 * MB is too long for one JSON.parse string); only the strings table goes through JSON.parse.
 */
import { readFileSync } from 'node:fs';

interface Snapshot {
  nodeFields: string[];
  nodeTypes: string[];
  edgeFields: string[];
  edgeTypes: string[];
  nodes: Float64Array;
  edges: Float64Array;
  strings: string[];
}

/** Parses the comma-separated numbers of the array that follows `"<key>":[` in the buffer. */
function readNumberArray(buf: Buffer, key: string): Float64Array {
  let i = buf.indexOf(`"${key}":[`) + key.length + 4;
  const out: number[] = [];
  let n = 0;
  let inNumber = false;
  for (; i < buf.length; i++) {
    const c = buf[i]!;
    if (c >= 48 && c <= 57) {
      n = n * 10 + (c - 48);
      inNumber = true;
    } else {
      if (inNumber) out.push(n);
      n = 0;
      inNumber = false;
      if (c === 93) break; // ]
    }
  }
  return Float64Array.from(out);
}

function readSnapshot(file: string): Snapshot {
  const buf = readFileSync(file);
  const head = buf.subarray(0, buf.indexOf('"nodes":[')).toString('utf8');
  const meta = JSON.parse(`${head.replace(/,\s*$/, '')}}`).snapshot.meta;
  const stringsAt = buf.indexOf('"strings":[');
  const strings = JSON.parse(buf.subarray(stringsAt + 10, buf.lastIndexOf(']') + 1).toString('utf8')) as string[];
  return {
    nodeFields: meta.node_fields, nodeTypes: meta.node_types[0], edgeFields: meta.edge_fields, edgeTypes: meta.edge_types[0],
    nodes: readNumberArray(buf, 'nodes'), edges: readNumberArray(buf, 'edges'), strings,
  };
}

/** "object:Map", "string", "closure:fn"… the grouping key of node `n` (index of its first field). */
function groupOf(s: Snapshot, n: number): string {
  const type = s.nodeTypes[s.nodes[n + s.nodeFields.indexOf('type')]!]!;
  if (type === 'string' || type === 'concatenated string' || type === 'sliced string') return 'string';
  const name = s.strings[s.nodes[n + s.nodeFields.indexOf('name')]!]!;
  return `${type}:${type === 'code' || type === 'hidden' ? name.slice(0, 40) : name.slice(0, 60)}`;
}

/** The group of every node, by node ordinal (computed once: the retainer walk looks them up per edge). */
function groupsOf(s: Snapshot): string[] {
  const width = s.nodeFields.length;
  return Array.from({ length: s.nodes.length / width }, (_, i) => groupOf(s, i * width));
}

function summarise(s: Snapshot, groups: string[]): Map<string, { count: number; bytes: number }> {
  const width = s.nodeFields.length;
  const size = s.nodeFields.indexOf('self_size');
  const out = new Map<string, { count: number; bytes: number }>();
  for (let n = 0; n < s.nodes.length; n += width) {
    const key = groups[n / width]!;
    const g = out.get(key) ?? { count: 0, bytes: 0 };
    g.count++;
    g.bytes += s.nodes[n + size]!;
    out.set(key, g);
  }
  return out;
}

/** Who points at members of `group`: retainer group and edge name, counted. */
function retainersOf(s: Snapshot, groups: string[], group: string, top: number): [string, number][] {
  const width = s.nodeFields.length;
  const ew = s.edgeFields.length;
  const edgeCount = s.nodeFields.indexOf('edge_count');
  const [eType, eName, eTo] = ['type', 'name_or_index', 'to_node'].map((f) => s.edgeFields.indexOf(f)) as [number, number, number];
  const counts = new Map<string, number>();
  let e = 0;
  for (let n = 0; n < s.nodes.length; n += width) {
    const from = groups[n / width]!;
    for (let k = 0; k < s.nodes[n + edgeCount]!; k++, e += ew) {
      const type = s.edgeTypes[s.edges[e + eType]!]!;
      if (type === 'weak' || from === group) continue;
      if (groups[s.edges[e + eTo]! / width] !== group) continue;
      const name = type === 'element' || type === 'hidden' ? `[${type}]` : s.strings[s.edges[e + eName]!]!;
      const key = `${from} .${String(name).slice(0, 40)}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return [...counts].sort((a, b) => b[1] - a[1]).slice(0, top);
}

const mb = (b: number) => (b / 1048576).toFixed(2);

function main(): void {
  const [beforeFile, afterFile] = process.argv.slice(2).filter((a) => !a.startsWith('--') && !/^\d+$/.test(a));
  if (!beforeFile || !afterFile) throw new Error('usage: heap-snapshot-summary.ts <before.heapsnapshot> <after.heapsnapshot> [--top 25]');
  const topAt = process.argv.indexOf('--top');
  const top = topAt > 0 ? Number(process.argv[topAt + 1]) : 25;
  const before = readSnapshot(beforeFile);
  const a = summarise(before, groupsOf(before));
  const after = readSnapshot(afterFile);
  const afterGroups = groupsOf(after);
  const b = summarise(after, afterGroups);
  const total = (m: Map<string, { bytes: number }>) => [...m.values()].reduce((t, g) => t + g.bytes, 0);
  console.log(`total self size: ${mb(total(a))} MB → ${mb(total(b))} MB`);
  const growth = [...b].map(([k, g]) => ({ k, count: g.count, bytes: g.bytes, dCount: g.count - (a.get(k)?.count ?? 0), dBytes: g.bytes - (a.get(k)?.bytes ?? 0) }));
  console.log('\nlargest groups after (MB, count):');
  for (const g of [...growth].sort((x, y) => y.bytes - x.bytes).slice(0, top)) console.log(`  ${mb(g.bytes).padStart(8)}  ${String(g.count).padStart(9)}  ${g.k}`);
  console.log('\ngrew most (Δ MB, Δ count):');
  const growers = [...growth].sort((x, y) => y.dBytes - x.dBytes).slice(0, top);
  for (const g of growers) console.log(`  ${mb(g.dBytes).padStart(8)}  ${String(g.dCount).padStart(9)}  ${g.k}`);
  for (const g of growers.slice(0, 5)) {
    console.log(`\nretainers of ${g.k} (after):`);
    for (const [k, c] of retainersOf(after, afterGroups, g.k, 8)) console.log(`  ${String(c).padStart(9)}  ${k}`);
  }
}

main();
