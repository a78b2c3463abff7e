/**
 * `npm run bench`: every benchmark script, one after the other, each in its own process (they
 * start their own Redis, sandbox and CareQual processes on 127.0.0.1 and stop by themselves),
 * then one summary: bench-results/summary.json and bench-results/summary.md — each figure beside
 * its goal and the machine it ran on. A script that is missing is shown as "not run"; one that
 * fails or overruns its time is shown as "failed" and the others still run.
 *
 *   npm run bench [-- --only e2e-latency-p95,worker-rss-mb]
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BenchResult } from './bench-result';
import { formatSummaryMarkdown, type BenchRow, type BenchSummary } from './summary-format';

const REPO_ROOT = path.resolve(__dirname, '../..');
const RESULTS_DIR = path.join(REPO_ROOT, 'bench-results');
const TSX_LOADER = pathToFileURL(path.join(REPO_ROOT, 'node_modules/tsx/dist/loader.mjs')).href;

/** A script writes `<name>.json`, and `<extra>.json` for each of `alsoWrites`. */
interface BenchStep { name: string; script: string; args: string[]; timeoutS: number; alsoWrites?: string[] }

/** What runs, in order, with each script's own arguments and the longest it may take. */
const STEPS: readonly BenchStep[] = [
  { name: 'qualify-throughput', script: 'scripts/bench-qualify.ts', args: ['5'], timeoutS: 90 },
  { name: 'safety-recall', script: 'scripts/bench-safety.ts', args: [], timeoutS: 120, alsoWrites: ['safety-precision'] },
  { name: 'decision-agreement', script: 'scripts/bench-decisions.ts', args: [], timeoutS: 60 },
  { name: 'webhook-ingest', script: 'scripts/bench-webhook-ingest.ts', args: ['--seconds', '15', '--warmup', '3'], timeoutS: 150 },
  { name: 'e2e-latency-p95', script: 'scripts/bench-e2e-latency.ts', args: ['--samples', '120'], timeoutS: 180 },
  { name: 'worker-rss-mb', script: 'scripts/bench-worker-rss.ts', args: ['--contacts', '5000'], timeoutS: 240 },
  { name: 'pipeline-ceiling-ratio', script: 'scripts/bench-pipeline.ts', args: [], timeoutS: 420 },
  { name: 'portals-1000', script: 'scripts/bench-portals.ts', args: ['--portals', '1000'], timeoutS: 1500 },
  { name: 'fairness-p95-ms', script: 'scripts/bench-fairness.ts', args: [], timeoutS: 480 },
  { name: 'editor-page-html-kb', script: 'scripts/bench-editor-page.ts', args: ['--properties', '400'], timeoutS: 180 },
];

/** Runs one script to its end (or its time limit, then kills its whole process group). */
function runStep(step: BenchStep): Promise<{ exitCode: number | null; timedOut: boolean; seconds: number }> {
  const startedAt = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', TSX_LOADER, path.join(REPO_ROOT, step.script), ...step.args], {
      cwd: REPO_ROOT, stdio: 'inherit', detached: true, env: process.env,
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch { /* already gone */ }
    }, step.timeoutS * 1000);
    child.on('exit', (exitCode) => {
      clearTimeout(timer);
      resolve({ exitCode, timedOut, seconds: Math.round((Date.now() - startedAt) / 1000) });
    });
  });
}

function readResult(name: string): BenchResult | undefined {
  const file = path.join(RESULTS_DIR, `${name}.json`);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as BenchResult) : undefined;
}

function isMet(r: BenchResult): boolean {
  return r.higherIsBetter ? r.value >= r.goal : r.value <= r.goal;
}

async function main(): Promise<number> {
  const onlyArg = process.argv.indexOf('--only');
  const only = onlyArg >= 0 ? new Set((process.argv[onlyArg + 1] ?? '').split(',')) : undefined;
  const startedAt = Date.now();
  mkdirSync(RESULTS_DIR, { recursive: true });
  const rows: BenchRow[] = [];
  for (const step of STEPS) {
    if (only && !only.has(step.name)) continue;
    if (!existsSync(path.join(REPO_ROOT, step.script))) {
      console.log(`\n== ${step.name}: not run (${step.script} does not exist)`);
      rows.push({ name: step.name, status: 'not run', reason: `${step.script} does not exist` });
      continue;
    }
    console.log(`\n== ${step.name}: ${step.script} ${step.args.join(' ')}`);
    const names = [step.name, ...(step.alsoWrites ?? [])];
    for (const name of names) rmSync(path.join(RESULTS_DIR, `${name}.json`), { force: true }); // never report a stale figure
    const run = await runStep(step);
    for (const name of names) {
      const result = readResult(name);
      if (run.exitCode === 0 && result) {
        rows.push({ name, status: 'ok', seconds: run.seconds, result, met: isMet(result) });
      } else {
        const reason = run.timedOut ? `stopped after ${step.timeoutS} s` : run.exitCode !== 0 ? `exited with ${run.exitCode}` : 'wrote no result';
        rows.push({ name, status: 'failed', seconds: run.seconds, reason });
      }
    }
  }
  const cpus = os.cpus();
  const summary: BenchSummary = {
    at: new Date().toISOString(),
    durationS: Math.round((Date.now() - startedAt) / 1000),
    machine: { cpus: cpus.length, cpuModel: cpus[0]?.model ?? 'unknown', node: process.version, platform: `${os.platform()} ${os.release()}`, memoryGb: Math.round(os.totalmem() / 2 ** 30) },
    results: rows,
  };
  writeFileSync(path.join(RESULTS_DIR, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  const markdown = formatSummaryMarkdown(summary);
  writeFileSync(path.join(RESULTS_DIR, 'summary.md'), markdown);
  console.log(`\n${markdown}`);
  console.log(`Written: bench-results/summary.json, bench-results/summary.md (${summary.durationS} s)`);
  return rows.some((r) => r.status === 'failed') ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
