/**
 * Benchmark: end-to-end latency at low load — a patient inquiry created in HubSpot until its
 * carequal_* properties are written back (webhook → job → batch read → qualify → batch update),
 * one contact at a time, every HubSpot call taking 50 ms as over a real network. Writes
 * bench-results/e2e-latency-p95.json (DESIGN.md §10): p95 in ms, p50 and the rest in details.
 *
 *   npx tsx scripts/bench-e2e-latency.ts [--samples 120] [--latency 50]
 *
 * The app (serve role: web + worker, PGlite, the real audit log) and the local HubSpot sandbox
 * run in this process against a private redis-server (AOF everysec, as production runs it), all
 * on 127.0.0.1. Latency is read from HubSpot's own record: the first history entry of `email`
 * (creation) to that of `carequal_outcome` (write-back), so polling granularity does not count.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startPrivateRedis } from '../sandbox/local-redis';
import { buildLocalEnv, installThroughOAuth, startSandboxedApp } from './local-stack/local-stack';
import { buildDemoLeads, toFormValues } from './demo/demo-leads';
import { readDemoResult } from './demo/demo-results';
import { numberOption, percentile, writeBenchResult } from './bench/bench-result';

const GOAL_P95_MS = 1000;
const WARMUP = 5;
const WRITE_BACK_TIMEOUT_MS = 20_000;
const PAUSE_BETWEEN_MS = 100;

async function main(): Promise<void> {
  const samples = numberOption('samples', 120);
  const latency = numberOption('latency', 50);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'carequal-bench-e2e-'));
  const redis = await startPrivateRedis({ appendOnly: true, dir });
  const app = await startSandboxedApp({
    baseEnv: buildLocalEnv({ REDIS_URL: redis.url, LOG_LEVEL: 'warn', DATA_DIR: path.join(dir, 'db') }),
    env: { DATA_DIR: path.join(dir, 'db') },
    sandbox: { webhookBatchMs: 50 }, // the sandbox's default batching window, stated for the record
  });
  try {
    app.sandbox.setFaults({ '/crm/*': { latencyMs: latency }, '/oauth/*': { latencyMs: latency } });
    const { portalId } = await installThroughOAuth(app);
    const leads = buildDemoLeads();
    const latencies: number[] = [];
    const byOutcome: Record<string, number[]> = {};
    const startedAt = Date.now();
    for (let i = 0; i < WARMUP + samples; i++) {
      const lead = leads[i % leads.length]!;
      const email = `${lead.key}.${i}@bench-patient.example.com`;
      const [id] = await app.sandbox.createContacts(portalId, [toFormValues({ ...lead.properties, email })], { source: 'FORM', sourceId: 'form:patient-inquiry' });
      const endAt = Date.now() + WRITE_BACK_TIMEOUT_MS;
      let result = readDemoResult(app.sandbox.getContact(portalId, id!), lead.label);
      while (!result && Date.now() < endAt) {
        await new Promise((r) => setTimeout(r, 5));
        result = readDemoResult(app.sandbox.getContact(portalId, id!), lead.label);
      }
      if (!result) throw new Error(`contact ${id} was not written back within ${WRITE_BACK_TIMEOUT_MS} ms`);
      if (i >= WARMUP) {
        latencies.push(result.latencyMs);
        (byOutcome[result.outcome] ??= []).push(result.latencyMs);
      }
      await new Promise((r) => setTimeout(r, PAUSE_BETWEEN_MS)); // one at a time: the previous one's task and echoes settle
    }
    const counters = app.sandbox.counters(portalId);
    writeBenchResult({
      name: 'e2e-latency-p95',
      value: percentile(latencies, 95),
      unit: 'ms',
      goal: GOAL_P95_MS,
      higherIsBetter: false,
      details: {
        p50Ms: percentile(latencies, 50),
        p90Ms: percentile(latencies, 90),
        p99Ms: percentile(latencies, 99),
        minMs: Math.min(...latencies),
        maxMs: Math.max(...latencies),
        meanMs: Math.round(latencies.reduce((a, b) => a + b, 0) / latencies.length),
        samples: latencies.length,
        warmupSamples: WARMUP,
        p50MsByOutcome: Object.fromEntries(Object.entries(byOutcome).map(([o, l]) => [o, percentile(l, 50)])),
        sandboxLatencyMsPerCall: latency,
        webhookBatchMs: 50,
        hubspotCalls: counters.requests,
        rateLimited: counters.rateLimited,
        durationS: Math.round((Date.now() - startedAt) / 100) / 10,
        setup: 'serve role (web + worker) and the HubSpot sandbox in one process, PGlite, private redis-server with AOF everysec; one contact at a time; latency = HubSpot record creation → carequal_outcome write-back',
      },
    });
  } finally {
    await app.stop();
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
