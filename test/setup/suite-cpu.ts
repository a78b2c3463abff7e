/**
 * CPU seconds a test suite spent, its own (the jest worker, which also runs the in-process
 * sandbox and app) plus its finished child processes (spawned CLIs, the demo) — measured by the
 * test environment around each suite and read by the slowest-suites reporter. Unlike wall time,
 * CPU time hardly changes with the machine's load: a suite whose wall time is far above its CPU
 * time on a quiet machine is waiting (on windows, polls, back-offs), not computing.
 */
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Where the environment appends one line per suite; the reporter empties it when a run starts. */
export function suiteCpuFile(rootDir: string): string {
  return path.join(rootDir, 'test-results', 'suite-cpu.jsonl');
}

/** CPU seconds of this process so far, plus those of its children that have ended (Linux; 0 elsewhere). */
export function cpuSecondsSoFar(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6 + childCpuSeconds();
}

/** cutime + cstime of /proc/self/stat (fields 16 and 17, in clock ticks of 1/100 s on Linux). */
function childCpuSeconds(): number {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state), so field n is fields[n - 3].
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return 0;
  }
}

/** Appends one suite's CPU seconds (a short line: appends of it from parallel workers do not interleave). */
export function recordSuiteCpu(rootDir: string, testPath: string, cpuSeconds: number): void {
  const file = suiteCpuFile(rootDir);
  mkdirSync(path.dirname(file), { recursive: true });
  appendFileSync(file, `${JSON.stringify({ testPath, cpuSeconds: Math.round(cpuSeconds * 10) / 10 })}\n`);
}
