import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { createScratchDatabase } from '../../scripts/bench/multi-process-stack';
import { claimPort, freePort } from '../../sandbox/local-ports';
import { collect, spawnCli } from '../../test/support/cli';
import { buildTestEnv } from '../../test/support/config';
import { databaseEngines } from '../../test/support/databases';
import { waitFor } from '../../test/support/wait';

/** Two free ports in a row other than `taken` (the copies' metrics ports are METRICS_PORT + index). */
async function twoFreePorts(taken: number): Promise<number> {
  for (;;) {
    const base = await freePort();
    if (base === taken || base + 1 === taken) continue;
    if (await claimPort(base + 1, 'second metrics port').then(() => true, () => false)) return base;
  }
}

/** GET on a fresh connection (no keep-alive), so the cluster primary hands each request to the next copy. */
function getOnNewConnection(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http.get(url, { agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    }).on('error', reject);
  });
}

/** Requests a process has answered, read from its own /metrics. */
async function requestsAnswered(metricsPort: number): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
  return text.split('\n').filter((l) => l.startsWith('carequal_http_request_duration_seconds_count')).reduce((sum, l) => sum + Number(l.split(' ').pop()), 0);
}

describe('carequal web --processes N (node:cluster)', () => {
  it('when --processes 2 runs without DATABASE_URL, then it refuses with a configuration error: PGlite is one process\'s database', async () => {
    const child = spawnCli(['web', '--processes', '2'], buildTestEnv({ DATA_DIR: `/tmp/carequal-cluster-${randomBytes(4).toString('hex')}` }));
    const output = collect(child);
    expect(await output.exited).toBe(78);
    expect(output.stderr()).toContain('DATABASE_URL');
  });

  describe.each(databaseEngines().filter((e) => e === 'postgres'))('with %s', () => {
    it('when started with 2 processes, then both answer on the one port, each on its own metrics port, and SIGTERM stops them cleanly', async () => {
      const database = await createScratchDatabase(process.env.TEST_DATABASE_URL!, 'carequal_cluster');
      const port = await freePort();
      const metricsPort = await twoFreePorts(port);
      const child = spawnCli(['web', '--processes', '2'], buildTestEnv({
        DATABASE_URL: database.url, PORT: String(port), METRICS_PORT: String(metricsPort), QUEUE_PREFIX: `cqtest-${randomBytes(6).toString('hex')}`, LOG_LEVEL: 'info',
      }));
      const output = collect(child);
      try {
        const bothServing = waitFor(async () => (await Promise.all([metricsPort, metricsPort + 1].map((p) => fetch(`http://127.0.0.1:${p}/metrics`).then((r) => r.ok, () => false)))).every(Boolean), { timeoutMs: 30_000, what: 'both processes serving /metrics' });
        const exitedEarly = output.exited.then((code) => Promise.reject(new Error(`carequal web exited with ${code}: ${output.stderr().slice(-1000)}`)));
        await Promise.race([bothServing, exitedEarly]);
        const statuses: number[] = [];
        for (let i = 0; i < 20; i++) statuses.push(await getOnNewConnection(`http://127.0.0.1:${port}/healthz`));
        expect(statuses.every((s) => s === 200)).toBe(true);
        const answered = await Promise.all([requestsAnswered(metricsPort), requestsAnswered(metricsPort + 1)]);
        expect(answered.every((n) => n > 0)).toBe(true);
        expect(answered[0]! + answered[1]!).toBeGreaterThanOrEqual(20);
      } finally {
        if (child.exitCode === null) child.kill('SIGTERM');
        const code = await output.exited;
        await database.drop();
        expect({ code, stderr: output.stderr().slice(-2000) }).toEqual({ code: 0, stderr: '' });
      }
    }, 120_000);
  });
});
