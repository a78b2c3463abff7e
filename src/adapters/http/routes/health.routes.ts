import { Router, type RequestHandler } from 'express';

/** A readiness probe: resolves to 'ok' or a short word saying what is wrong ('unreachable', 'pending'). */
export type ReadinessCheck = () => Promise<'ok' | string>;

/**
 * An alarm /readyz reports without failing: what it lists (ids, never contents) needs a human,
 * but the process can still do its work, so a load balancer must not take it out of service.
 */
export type ReadinessAlarm = () => Promise<readonly unknown[]>;

const CHECK_TIMEOUT_MS = 2000;

/**
 * `/healthz` says the process is alive; `/readyz` says it can do its work (every dependency
 * check 'ok', else 503 naming the failing ones) and lists raised alarms; `/metrics` is the
 * Prometheus exposition, mounted only when `metrics` is given (see metrics-endpoint.ts).
 */
export function createHealthRouter(
  checks: Readonly<Record<string, ReadinessCheck>>,
  metrics: RequestHandler | undefined,
  alarms: Readonly<Record<string, ReadinessAlarm>> = {},
): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const entries = await Promise.all(Object.entries(checks).map(async ([name, check]) => [name, await runCheck(check)] as const));
    const results = Object.fromEntries(entries);
    const failing = entries.filter(([, r]) => r !== 'ok').map(([n]) => n);
    const raised = await readAlarms(alarms);
    res.status(failing.length ? 503 : 200).json({ status: failing.length ? 'unavailable' : 'ready', failing, checks: results, ...(raised ? { alarms: raised } : {}) });
  });
  if (metrics) router.get('/metrics', metrics);
  return router;
}

/** Only the alarms that are raised (a non-empty list); undefined when none is. A failing read is named as such. */
async function readAlarms(alarms: Readonly<Record<string, ReadinessAlarm>>): Promise<Record<string, readonly unknown[] | string> | undefined> {
  const read = await Promise.all(Object.entries(alarms).map(async ([name, alarm]) => [name, await runCheck(alarm)] as const));
  const raised = read.filter(([, r]) => typeof r === 'string' || r.length > 0);
  return raised.length ? Object.fromEntries(raised) : undefined;
}

async function runCheck<T>(check: () => Promise<T>): Promise<T | string> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<string>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), CHECK_TIMEOUT_MS);
    });
    return await Promise.race([check(), timeout]);
  } catch {
    return 'error';
  } finally {
    clearTimeout(timer);
  }
}
