/**
 * What a test suite cost, measured by the test environment from its construction (before jest
 * runs the setup files) to its teardown, and read by the slowest-suites reporter:
 * - CPU seconds of the jest worker (which also runs the in-process sandbox and app);
 * - CPU seconds of its child processes that ended (spawned CLIs, the demo, browsers, redis-servers);
 * - how many modules jest compiled for it (each suite has its own module registry, so a suite
 *   that imports the whole app pays for the whole app).
 * Unlike wall time, CPU time hardly changes with the machine's load: a suite whose wall time is
 * far above its CPU time on a quiet machine is waiting (on windows, polls, back-offs), not computing.
 */
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';

/** Where the environment appends one line per suite; the reporter empties it when a run starts. */
export function suiteCpuFile(rootDir: string): string {
  return path.join(rootDir, 'test-results', 'suite-cpu.jsonl');
}

export interface SuiteCost {
  /** This process (the jest worker). */
  ownCpuSeconds: number;
  /** Its children that have ended. */
  childCpuSeconds: number;
  /** Modules compiled by jest in this process. */
  modules: number;
}

let modulesCompiled = 0;
// jest-runtime compiles every module it loads with vm.compileFunction, looked up at each call.
const compileFunction = vm.compileFunction;
vm.compileFunction = function countedCompileFunction(...args: Parameters<typeof vm.compileFunction>) {
  modulesCompiled += 1;
  return compileFunction.apply(this, args);
};

/** The costs of this process so far (child CPU on Linux only; 0 elsewhere). */
export function costSoFar(): SuiteCost {
  const { user, system } = process.cpuUsage();
  return { ownCpuSeconds: (user + system) / 1e6, childCpuSeconds: childCpuSeconds(), modules: modulesCompiled };
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

const tenths = (n: number) => Math.round(n * 10) / 10;

/** Appends one suite's costs since `before` (a short line: appends of it from parallel workers do not interleave). */
export function recordSuiteCost(rootDir: string, testPath: string, before: SuiteCost): void {
  const now = costSoFar();
  const own = now.ownCpuSeconds - before.ownCpuSeconds;
  const children = now.childCpuSeconds - before.childCpuSeconds;
  const line = { testPath, cpuSeconds: tenths(own + children), childCpuSeconds: tenths(children), modules: now.modules - before.modules };
  const file = suiteCpuFile(rootDir);
  mkdirSync(path.dirname(file), { recursive: true });
  appendFileSync(file, `${JSON.stringify(line)}\n`);
}
