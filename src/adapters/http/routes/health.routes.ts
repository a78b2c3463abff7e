import { Router } from 'express';
import type { Metrics } from '../../../observability/metrics';

/** A readiness probe: resolves to 'ok' or a short word saying what is wrong ('unreachable', 'pending'). */
export type ReadinessCheck = () => Promise<'ok' | string>;

const CHECK_TIMEOUT_MS = 2000;

/**
 * `/healthz` says the process is alive; `/readyz` says it can do its work (every dependency
 * check 'ok', else 503 naming the failing ones); `/metrics` is the Prometheus exposition.
 */
export function createHealthRouter(checks: Readonly<Record<string, ReadinessCheck>>, metrics: Metrics): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const entries = await Promise.all(Object.entries(checks).map(async ([name, check]) => [name, await runCheck(check)] as const));
    const results = Object.fromEntries(entries);
    const failing = entries.filter(([, r]) => r !== 'ok').map(([n]) => n);
    res.status(failing.length ? 503 : 200).json({ status: failing.length ? 'unavailable' : 'ready', failing, checks: results });
  });
  router.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  return router;
}

async function runCheck(check: ReadinessCheck): Promise<string> {
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
