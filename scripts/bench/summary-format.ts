import type { BenchResult } from './bench-result';

/** One benchmark's line in the summary. */
export type BenchRow =
  | { name: string; status: 'ok'; seconds: number; result: BenchResult; met: boolean }
  | { name: string; status: 'failed'; seconds: number; reason: string }
  | { name: string; status: 'not run'; reason: string };

/** bench-results/summary.json */
export interface BenchSummary {
  at: string;
  durationS: number;
  machine: { cpus: number; cpuModel: string; node: string; platform: string; memoryGb: number };
  results: BenchRow[];
}

type Details = Record<string, unknown>;
const num = (d: Details, key: string): string | undefined => (typeof d[key] === 'number' ? formatNumber(d[key] as number) : undefined);

/** Tuning and held-out figures of the safety corpus side by side. */
function safetyNotes(d: Details, figure: 'recall' | 'precision'): (string | undefined)[] {
  const part = (key: string) => (d[key] as Details | undefined) ?? {};
  const tuning = part('tuning');
  const heldOut = part('heldOut');
  return [
    num(tuning, figure) && `tuning ${num(tuning, figure)} (${num(tuning, 'emergencies')} emergencies, ${num(tuning, 'nonEmergencies')} ordinary)`,
    num(heldOut, figure) && `held-out ${num(heldOut, figure)} (${num(heldOut, 'emergencies')} / ${num(heldOut, 'nonEmergencies')}, never tuned against)`,
  ];
}

/** The few details that make each figure readable, by benchmark; anything else stays in the JSON. */
const HIGHLIGHTS: Record<string, (d: Details) => (string | undefined)[]> = {
  'qualify-throughput': (d) => [num(d, 'medianContactsPerCpuSecond') && `median of rounds ${num(d, 'medianContactsPerCpuSecond')}/s`, 'one core, enrichment included'],
  'safety-recall': (d) => safetyNotes(d, 'recall'),
  'safety-precision': (d) => safetyNotes(d, 'precision'),
  'webhook-ingest': (d) => [
    num(d, 'cpuMsPerDelivery') && `${num(d, 'cpuMsPerDelivery')} ms of web CPU per delivery (goal ≤ 1.0)`,
    num(d, 'p50Ms') && `ack p50 ${num(d, 'p50Ms')} ms, p99 ${num(d, 'p99Ms')} ms`,
    num(d, 'eventsPerSecond') && `${num(d, 'eventsPerSecond')} events/s`,
  ],
  'pipeline-ceiling-ratio': (d) => [
    num(d, 'contactsPerS') && `${num(d, 'contactsPerS')} contacts/s of the ${num(d, 'ceilingContactsPerS') ?? '550'}/s ceiling`,
    num(d, 'rateLimited429') && `${num(d, 'rateLimited429')} × 429`,
  ],
  'e2e-latency-p95': (d) => [num(d, 'p50Ms') && `p50 ${num(d, 'p50Ms')} ms`, num(d, 'samples') && `${num(d, 'samples')} samples, one at a time`, num(d, 'sandboxLatencyMsPerCall') && `${num(d, 'sandboxLatencyMsPerCall')} ms per HubSpot call`],
  'editor-page-html-kb': (d) => [num(d, 'contactProperties') && `${num(d, 'contactProperties')} contact properties`, num(d, 'phoneDocumentWidthPx') && `${num(d, 'phoneDocumentWidthPx')} px wide on a ${num(d, 'phoneViewportPx')} px phone, every part open`],
  'worker-rss-mb': (d) => [num(d, 'peakRssMb') && `peak ${num(d, 'peakRssMb')} MB`, num(d, 'idleRssMbAfterStart') && `idle ${num(d, 'idleRssMbAfterStart')} MB`, num(d, 'contactsQualified') && `after ${num(d, 'contactsQualified')} contacts`, typeof d.database === 'string' ? d.database.replace(/ \(.*\)/, '') : undefined],
};

/** The Markdown table (one row per benchmark) with the machine beside each figure. */
export function formatSummaryMarkdown(summary: BenchSummary): string {
  const m = summary.machine;
  const machine = `${m.cpus} × ${m.cpuModel.trim()}, node ${m.node}`;
  const lines = [
    '| benchmark | figure | unit | goal | met? | notes | machine |',
    '| --- | ---: | --- | --- | --- | --- | --- |',
  ];
  for (const row of summary.results) {
    if (row.status !== 'ok') {
      lines.push(`| ${row.name} | ${row.status} | | | — | ${row.reason} | ${machine} |`);
      continue;
    }
    const r = row.result;
    const notes = (HIGHLIGHTS[r.name]?.(r.details) ?? []).filter(Boolean).join('; ');
    const rowMachine = `${r.machine.cpus} × ${(r.machine.cpuModel ?? m.cpuModel).trim()}, node ${r.machine.node}`;
    lines.push(`| ${r.name} | ${formatNumber(r.value)} | ${r.unit} | ${r.higherIsBetter ? '≥' : '≤'} ${formatNumber(r.goal)} | ${row.met ? 'yes' : 'no'} | ${notes} | ${rowMachine} |`);
  }
  lines.push('', `Run ${summary.at.slice(0, 16).replace('T', ' ')} UTC on ${m.platform}, ${m.memoryGb} GB memory; all benchmarks took ${Math.floor(summary.durationS / 60)} min ${summary.durationS % 60} s.`, '');
  return lines.join('\n');
}

function formatNumber(n: number): string {
  return Number.isInteger(n) ? n.toLocaleString('en-US') : n.toLocaleString('en-US', { maximumFractionDigits: 3 });
}
