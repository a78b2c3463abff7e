import cluster, { type Worker } from 'node:cluster';
import type { Logger } from '../observability/logger';
import { EXIT } from './exit-codes';

/** Tells a copy which one it is (0-based), so it can pick its own internal metrics port. */
export const PROCESS_INDEX_ENV = 'CAREQUAL_PROCESS_INDEX';

/** A copy that dies after it was listening is started again after this long (no busy crash loop). */
const RESTART_DELAY_MS = 1000;

/**
 * The internal metrics port of copy `index`: METRICS_PORT + index, so each process is scraped on
 * its own (one shared port would answer from a random copy). Unset or 0 stays as it is.
 */
export function metricsPortOfCopy(env: NodeJS.ProcessEnv): string | undefined {
  const base = env.METRICS_PORT;
  const index = Number(env[PROCESS_INDEX_ENV] ?? 0);
  if (!base || Number(base) === 0 || !Number.isInteger(index) || index <= 0) return base;
  return String(Number(base) + index);
}

/**
 * The primary of `carequal web --processes N` (node:cluster): starts N copies of this command,
 * which share the listening port (the primary hands connections out round-robin), and does
 * nothing else itself. A copy that dies after it was listening is restarted; one that fails
 * before it ever listened (bad configuration, database unreachable) stops the whole group with
 * its exit code. SIGTERM/SIGINT are passed on as SIGTERM (each copy drains and stops on its own);
 * resolves with the worst exit code once every copy has exited.
 */
export function runClusterPrimary(count: number, logger: Logger): Promise<number> {
  return new Promise((resolve) => {
    let stopping = false;
    let worst: number = EXIT.ok;
    const live = new Set<Worker>();
    const stopAll = (code: number) => {
      worst = Math.max(worst, code);
      if (stopping) return;
      stopping = true;
      for (const w of live) w.process.kill('SIGTERM');
    };
    const start = (index: number) => {
      const worker = cluster.fork({ [PROCESS_INDEX_ENV]: String(index) });
      let listening = false;
      live.add(worker);
      worker.once('listening', () => (listening = true));
      worker.once('exit', (code, signal) => {
        live.delete(worker);
        const exitCode = code ?? (signal ? EXIT.failure : EXIT.ok);
        if (stopping) worst = Math.max(worst, exitCode);
        else if (!listening) {
          logger.error('a web process failed to start; stopping the others', { index, exitCode });
          stopAll(exitCode);
        } else {
          logger.error('a web process exited; starting it again', { index, exitCode, signal });
          setTimeout(() => !stopping && start(index), RESTART_DELAY_MS).unref();
        }
        if (live.size === 0 && stopping) resolve(worst);
      });
    };
    for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => stopAll(EXIT.ok));
    for (let i = 0; i < count; i++) start(i);
    logger.info('web processes started', { processes: count });
  });
}
