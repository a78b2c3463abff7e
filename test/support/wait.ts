import { readFileSync } from 'node:fs';
import os from 'node:os';

/**
 * How much slower than a quiet machine this one is right now, so that every deadline in the
 * tests stretches with it instead of failing a correct test on a busy box.
 *
 * CAREQUAL_TEST_SLOWDOWN (a number ≥ 1) fixes the factor; otherwise it follows the runnable tasks
 * per core (load 8 on 2 cores → 4), between 1 and MAX_DERIVED_SLOWDOWN: the larger of the 1-minute
 * load average and the tasks runnable at this moment, as the average trails a load that has just
 * risen (jest's own workers starting beside a CPU hog). Read at the moment a wait or a test starts,
 * so it tracks the load during a long run.
 *
 * The cap only bounds how long a hung test holds the run; it is well above the loads seen on the
 * shared 2-core machine (10-20, where the earlier cap of 6 timed correct tests out).
 */
export const MAX_DERIVED_SLOWDOWN = 16;

export function testSlowdown(): number {
  const fixed = Number(process.env.CAREQUAL_TEST_SLOWDOWN);
  if (Number.isFinite(fixed) && fixed >= 1) return fixed;
  const perCore = Math.max(os.loadavg()[0]!, runnableNow()) / Math.max(1, os.availableParallelism());
  return Math.min(MAX_DERIVED_SLOWDOWN, Math.max(1, perCore));
}

/** Tasks runnable right now (the 4th field of /proc/loadavg, "running/total"), less this one; 0 where unknown. */
function runnableNow(): number {
  try {
    const running = Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[3]?.split('/')[0]);
    return Number.isFinite(running) ? Math.max(0, running - 1) : 0;
  } catch {
    return 0;
  }
}

/** A deadline measured on a quiet machine, stretched for this one's load. */
export function scaledMs(quietMs: number): number {
  return Math.round(quietMs * testSlowdown());
}

export interface WaitOptions {
  /** Deadline on a quiet machine; stretched by testSlowdown(). */
  timeoutMs?: number;
  /** Pause between checks. */
  intervalMs?: number;
  /** What is awaited, for the error message (a function to describe the state at the deadline). */
  what?: string | (() => string);
}

/**
 * Checks `condition` until it returns something other than undefined or false, and resolves with
 * it; rejects once the (scaled) deadline has passed, naming what was awaited and the last error the
 * condition threw. The one way tests wait: on a condition with a deadline, never on a fixed sleep.
 */
export async function waitFor<T>(condition: () => T | undefined | false | Promise<T | undefined | false>, opts: WaitOptions = {}): Promise<T> {
  const timeoutMs = scaledMs(opts.timeoutMs ?? 20_000);
  const intervalMs = opts.intervalMs ?? 25;
  const endAt = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await condition();
      if (value !== undefined && value !== false) return value;
      lastError = undefined;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > endAt) {
      const why = lastError instanceof Error ? ` (last check threw: ${lastError.message})` : '';
      const what = typeof opts.what === 'function' ? opts.what() : (opts.what ?? 'condition');
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${why}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** `waitFor` in the shape the sandbox's `eventually` has (check, timeout, what): undefined means "not yet". */
export function eventually<T>(check: () => T | undefined | Promise<T | undefined>, timeoutMs = 20_000, what = 'condition'): Promise<T> {
  return waitFor(check, { timeoutMs, what });
}
