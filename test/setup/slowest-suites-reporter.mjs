// @ts-check
/**
 * A jest reporter (beside the default one) that prints, at the end of every run, the slowest
 * suites by wall-clock time with their project, their CPU seconds (their own and their child
 * processes', recorded by the test environment, test/setup/suite-cpu.ts), the modules jest compiled
 * for them and the load average when they started, so a CI reader
 * sees where the minutes went, and whether a slow suite computes or waits, without re-running
 * anything. It also writes every suite's figures to test-results/suite-times.json (git-ignored)
 * for comparing two runs.
 *
 * Plain JavaScript: jest loads reporters without its transformer.
 * Options: `['<rootDir>/test/setup/slowest-suites-reporter.mjs', { top: 15 }]`.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export default class SlowestSuitesReporter {
  /**
   * @param {{ rootDir: string }} globalConfig
   * @param {{ top?: number }} [options]
   */
  constructor(globalConfig, options = {}) {
    this.rootDir = globalConfig.rootDir;
    this.top = Number.isInteger(options.top) && Number(options.top) > 0 ? Number(options.top) : 15;
    /** @type {Map<string, number>} load average (1 min) when each suite started */
    this.loadAtStart = new Map();
    this.startedAt = Date.now();
  }

  onRunStart() {
    rmSync(this.cpuFile(), { force: true });
  }

  /** test/setup/suite-cpu.ts writes here (kept in step with suiteCpuFile there). */
  cpuFile() {
    return path.join(this.rootDir, 'test-results', 'suite-cpu.jsonl');
  }

  /** @returns {Map<string, { cpuSeconds: number, childCpuSeconds: number, modules: number }>} costs by test file */
  readCpu() {
    const cpu = new Map();
    let text = '';
    try {
      text = readFileSync(this.cpuFile(), 'utf8');
    } catch {
      return cpu;
    }
    for (const line of text.split('\n').filter(Boolean)) {
      const { testPath, cpuSeconds, childCpuSeconds, modules } = JSON.parse(line);
      cpu.set(testPath, { cpuSeconds, childCpuSeconds, modules });
    }
    return cpu;
  }

  /** @param {{ path: string }} test */
  onTestFileStart(test) {
    this.loadAtStart.set(test.path, os.loadavg()[0] ?? 0);
  }

  /**
   * @param {unknown} _contexts
   * @param {{ testResults: Array<{ testFilePath: string, displayName?: { name: string } | string, numFailingTests: number, perfStats: { start: number, end: number } }> }} results
   */
  onRunComplete(_contexts, results) {
    const cpu = this.readCpu();
    const suites = results.testResults
      .map((r) => ({
        suite: path.relative(this.rootDir, r.testFilePath),
        project: typeof r.displayName === 'string' ? r.displayName : (r.displayName?.name ?? ''),
        seconds: Math.max(0, (r.perfStats.end - r.perfStats.start) / 1000),
        cpuSeconds: cpu.get(r.testFilePath)?.cpuSeconds ?? null,
        childCpuSeconds: cpu.get(r.testFilePath)?.childCpuSeconds ?? null,
        modules: cpu.get(r.testFilePath)?.modules ?? null,
        loadAtStart: this.loadAtStart.get(r.testFilePath) ?? null,
        failed: r.numFailingTests > 0,
      }))
      .sort((a, b) => b.seconds - a.seconds);
    if (suites.length === 0) return;
    const wall = (Date.now() - this.startedAt) / 1000;
    const byProject = new Map();
    for (const s of suites) byProject.set(s.project, (byProject.get(s.project) ?? 0) + s.seconds);
    const cpuTotal = suites.reduce((n, s) => n + (s.cpuSeconds ?? 0), 0);
    const sums = [...byProject].map(([p, s]) => `${p || '(default)'} ${s.toFixed(0)} s`).join(', ');
    const lines = suites.slice(0, this.top).map((s, i) => {
      const cpuText = s.cpuSeconds === null ? '' : `cpu ${s.cpuSeconds.toFixed(1).padStart(6)} s (children ${(s.childCpuSeconds ?? 0).toFixed(1).padStart(5)} s, ${String(s.modules ?? 0).padStart(4)} modules)`;
      const load = s.loadAtStart === null ? '' : `load ${s.loadAtStart.toFixed(1).padStart(4)}`;
      return `${String(i + 1).padStart(3)}. ${s.seconds.toFixed(1).padStart(7)} s  ${cpuText.padEnd(44)}  ${load}  ${s.project.padEnd(7)} ${s.suite}${s.failed ? '  (failed)' : ''}`;
    });
    process.stderr.write(
      `\nSlowest ${lines.length} of ${suites.length} suites (wall time per suite; sum by project: ${sums}; cpu of all suites ${cpuTotal.toFixed(0)} s; run ${wall.toFixed(0)} s; load now ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}):\n${lines.join('\n')}\n`,
    );
    const out = path.join(this.rootDir, 'test-results');
    mkdirSync(out, { recursive: true });
    writeFileSync(path.join(out, 'suite-times.json'), `${JSON.stringify({ runSeconds: wall, loadAtEnd: os.loadavg(), suites }, null, 2)}\n`);
  }
}
