/**
 * Benchmark: a thousand installed portals. Every portal is installed through the real OAuth flow
 * into the local HubSpot sandbox; then mixed traffic — a few busy portals with bursts of new
 * inquiries, a sample of otherwise idle portals with one inquiry each, the rest silent. Writes
 * bench-results/portals-1000.json (DESIGN.md §10): Redis bytes per installed portal (INFO
 * used_memory after the traffic, less the figure before the first install, divided by portals);
 * in details the p95 new-inquiry latency, the process RSS, and Redis memory by key family with
 * the keys that have no expiry — what would grow per portal without bound.
 *
 *   npx tsx scripts/bench-portals.ts [--portals 1000] [--busy 5] [--burst 20] [--idle-sample 50] [--latency 20]
 *
 * The app (serve role: web + worker, PGlite) and the sandbox run in this process against a
 * private redis-server (AOF everysec, noeviction, as production runs it), all on 127.0.0.1.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { startPrivateRedis } from '../sandbox/local-redis';
import { QUEUE_NAMES } from '../src/adapters/queue/queues';
import { buildLocalEnv, installThroughOAuth, startSandboxedApp, type SandboxedApp } from './local-stack/local-stack';
import { buildDemoLeads, toFormValues } from './demo/demo-leads';
import { readDemoResult } from './demo/demo-results';
import { numberOption, percentile, writeBenchResult } from './bench/bench-result';
import { measureInquiryStages, profileCpu, sampleProcess, summariseSamples, type InquiryRef } from './bench/inquiry-stages';

const GOAL_BYTES_PER_PORTAL = 20 * 1024;
/**
 * Installs in flight. Each install is a handful of sandbox round trips (20 ms each) and one
 * PGlite transaction; 8 at a time left the process waiting on round trips (834 s for 1,000).
 */
const INSTALL_CONCURRENCY = 16;
const WRITE_BACK_TIMEOUT_MS = 180_000;

async function usedMemory(redis: Redis): Promise<number> {
  return Number(/used_memory:(\d+)/.exec(await redis.info('memory'))![1]);
}

/** BullMQ's own keys of a queue; any other `<prefix>:<queue>:<x>` key is a job (its hash or its `:logs`). */
const BULLMQ_QUEUE_KEYS = new Set(['wait', 'active', 'completed', 'failed', 'delayed', 'prioritized', 'paused', 'meta', 'id', 'events', 'marker', 'pc', 'stalled', 'stalled-check', 'limiter', 'repeat', 'de', 'metrics']);

/**
 * A key's family: the run's queue prefix as `<prefix>`, ids as `#`/`<id>`, and BullMQ job keys as
 * `<job>` (a job id is a delivery digest or a re-check's contact and time, so without this every
 * kept job was a family of its own).
 */
function keyFamily(key: string, prefix: string): string {
  const parts = key.replace(prefix, '<prefix>').split(':');
  const queue = Object.values(QUEUE_NAMES).find((q) => q === parts[1]) ?? (parts[1] === 'effectiveness' || parts[1] === 'effectiveness-nightly' ? parts[1] : undefined);
  if (parts[0] === '<prefix>' && queue && parts.length >= 3 && !BULLMQ_QUEUE_KEYS.has(parts[2]!)) return `<prefix>:${queue}:<job>${parts.length > 3 ? `:${parts.slice(3).join(':').replace(/\d+/g, '#')}` : ''}`;
  return parts.join(':').replace(/\{?\d+\}?/g, '#').replace(/[0-9a-f-]{16,}/g, '<id>');
}

/** Redis memory and key counts by key family (see keyFamily), and the keys with no expiry. */
async function memoryByFamily(redis: Redis, prefix: string): Promise<Record<string, { keys: number; bytes: number; withoutExpiry: number }>> {
  const families: Record<string, { keys: number; bytes: number; withoutExpiry: number }> = {};
  for await (const keys of redis.scanStream({ count: 1000 }) as AsyncIterable<string[]>) {
    for (const key of keys) {
      const family = keyFamily(key, prefix);
      const entry = (families[family] ??= { keys: 0, bytes: 0, withoutExpiry: 0 });
      entry.keys++;
      entry.bytes += Number(await redis.memory('USAGE', key)) || 0;
      if ((await redis.pttl(key)) === -1) entry.withoutExpiry++;
    }
  }
  return families;
}

/** Installs `count` portals through OAuth, a few at a time. */
async function installPortals(app: SandboxedApp, count: number): Promise<number[]> {
  const portals: number[] = [];
  const startedAt = Date.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: INSTALL_CONCURRENCY }, async () => {
      while (next < count) {
        next++;
        portals.push((await installThroughOAuth(app)).portalId);
        if (portals.length % 100 === 0) console.log(`  ${portals.length} portals installed (${Math.round((Date.now() - startedAt) / 1000)} s, load ${os.loadavg()[0]!.toFixed(1)})`);
      }
    }),
  );
  return portals;
}

/** Creates the inquiries (busy portals in bursts, sampled idle portals one each) and waits for every write-back; returns latencies. */
async function runTraffic(app: SandboxedApp, busy: number[], idle: number[], burst: number): Promise<{ latencies: number[]; created: InquiryRef[] }> {
  const leads = buildDemoLeads();
  let serial = 0;
  const values = () => {
    const lead = leads[serial % leads.length]!;
    return toFormValues({ ...lead.properties, email: `${lead.key}.${++serial}@bench-patient.example.com` });
  };
  const created: InquiryRef[] = [];
  const create = async (portalId: number, n: number) => {
    const ids = await app.sandbox.createContacts(portalId, Array.from({ length: n }, values), { source: 'FORM', sourceId: 'form:patient-inquiry' });
    for (const id of ids) created.push({ portalId, id });
  };
  // Busy portals: bursts of five inquiries; idle ones: a single inquiry, spread among the bursts.
  const bursts = busy.flatMap((portalId) => Array.from({ length: Math.ceil(burst / 5) }, () => portalId));
  for (let i = 0; i < Math.max(bursts.length, idle.length); i++) {
    await Promise.all([bursts[i] !== undefined ? create(bursts[i]!, 5) : undefined, idle[i] !== undefined ? create(idle[i]!, 1) : undefined]);
    await new Promise((r) => setTimeout(r, 50));
  }
  // Latency comes from HubSpot's property history, so polling only decides when to stop: it reads
  // the contacts not written back yet (snapshotting all 150 every 200 ms cost the starved process
  // ~0.6 s of CPU per run for nothing).
  const endAt = Date.now() + WRITE_BACK_TIMEOUT_MS;
  const latencies: number[] = [];
  let pending = created;
  for (;;) {
    pending = pending.filter(({ portalId, id }) => {
      const result = readDemoResult(app.sandbox.getContact(portalId, id), 'bench');
      if (result) latencies.push(result.latencyMs);
      return !result;
    });
    if (pending.length === 0) return { latencies, created };
    if (Date.now() > endAt) throw new Error(`${pending.length} of ${created.length} inquiries not written back within ${WRITE_BACK_TIMEOUT_MS} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function main(): Promise<void> {
  const portals = numberOption('portals', 1000, { min: 1, integer: true });
  const busyCount = numberOption('busy', 5, { integer: true });
  const burst = numberOption('burst', 20, { integer: true });
  const idleSample = numberOption('idle-sample', 50, { integer: true });
  const latency = numberOption('latency', 20);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'carequal-bench-portals-'));
  const redis = await startPrivateRedis({ appendOnly: true, dir });
  const inspect = new Redis(redis.url);
  // ioredis reconnects by itself; without a listener a connect timeout under load printed as unhandled.
  inspect.on('error', (error: Error & { code?: string }) => console.warn(`inspect redis: ${error.code ?? error.name}`));
  const app = await startSandboxedApp({ baseEnv: buildLocalEnv({ REDIS_URL: redis.url, LOG_LEVEL: 'error', DATA_DIR: path.join(dir, 'db') }), env: { DATA_DIR: path.join(dir, 'db') } });
  try {
    app.sandbox.setFaults({ '/crm/*': { latencyMs: latency }, '/oauth/*': { latencyMs: latency } });
    const before = await usedMemory(inspect);
    const startedAt = Date.now();
    const installed = await installPortals(app, portals);
    const installS = (Date.now() - startedAt) / 1000;
    const afterInstall = await usedMemory(inspect);
    const busy = installed.slice(0, busyCount);
    const idle = installed.slice(busyCount).filter((_, i) => i % Math.max(1, Math.floor((portals - busyCount) / Math.max(1, idleSample))) === 0).slice(0, idleSample);
    const sampler = sampleProcess(inspect, app.queuePrefix);
    // BENCH_CPU_PROFILE=<file>: a CPU profile of the traffic phase only.
    const profiler = process.env.BENCH_CPU_PROFILE ? await profileCpu(process.env.BENCH_CPU_PROFILE) : undefined;
    const { latencies, created } = await runTraffic(app, busy, idle, burst);
    const cpuShareByOwner = await profiler?.stop();
    const duringTraffic = summariseSamples(await sampler.stop(), created.length);
    const stages = await measureInquiryStages(app.sandbox, inspect, app.queuePrefix, created);
    console.log(JSON.stringify({ stages, duringTraffic }, null, 1));
    await app.sandbox.flushWebhooks(); // the write-backs' echoes reach the ledger too
    const after = await usedMemory(inspect);
    const families = await memoryByFamily(inspect, app.queuePrefix);
    // Kept BullMQ jobs carry no TTL but are trimmed by count and age (removeOnComplete/removeOnFail), and
    // BullMQ's structural keys are one per queue: neither grows per portal. Listed apart from the rest.
    const withoutExpiry = Object.entries(families).filter(([, f]) => f.withoutExpiry > 0).map(([family, f]) => `${family} (${f.withoutExpiry} of ${f.keys})`);
    const isQueueKey = (family: string) => /^<prefix>:[a-z-]+:/.test(family);
    const unbounded = withoutExpiry.filter((f) => !isQueueKey(f));
    const rssMb = Math.round(process.memoryUsage().rss / 2 ** 20);
    writeBenchResult({
      name: 'portals-1000',
      value: Math.round((after - before) / portals),
      unit: 'bytes/portal',
      goal: GOAL_BYTES_PER_PORTAL,
      higherIsBetter: false,
      details: {
        portals,
        bytesPerPortalAfterInstall: Math.round((afterInstall - before) / portals),
        redisUsedMemoryMb: { before: round(before / 2 ** 20), afterInstall: round(afterInstall / 2 ** 20), afterTraffic: round(after / 2 ** 20) },
        newInquiryP95Ms: percentile(latencies, 95),
        newInquiryP50Ms: percentile(latencies, 50),
        newInquiryMaxMs: Math.max(...latencies),
        inquiries: latencies.length,
        busyPortals: busy.length,
        inquiriesPerBusyPortal: Math.ceil(burst / 5) * 5,
        idlePortalsWithOneInquiry: idle.length,
        silentPortals: portals - busy.length - idle.length,
        processRssMb: rssMb,
        installSeconds: round(installS),
        stagesMs: stages,
        duringTraffic: { ...duringTraffic, ...(cpuShareByOwner ? { cpuShareByOwner } : {}) },
        keyFamilies: families,
        keyFamiliesWithoutExpiry: unbounded,
        queueKeyFamiliesWithoutExpiry: withoutExpiry.filter(isQueueKey),
        loadAverage1m: round(os.loadavg()[0]!),
        sandboxLatencyMsPerCall: latency,
        setup: 'serve role (web + worker) and the HubSpot sandbox in one process (processRssMb is that process), PGlite, private redis-server with AOF everysec; every portal installed through OAuth; bytes = INFO used_memory after traffic less before the first install',
      },
    });
  } finally {
    inspect.disconnect();
    await app.stop();
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
