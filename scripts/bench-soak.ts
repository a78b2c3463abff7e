/**
 * Soak benchmark: CareQual (`carequal serve`, its own process, PGlite, a private Redis) against the
 * local HubSpot sandbox (50 ms per CRM call) with three portals installed through OAuth, fed a
 * steady stream of new patient inquiries for a fixed time. Reports throughput, create → write-back
 * latency percentiles, errors, and the CareQual process's RSS and heap over time (from its own
 * /metrics). Memory that grows without bound shows as a heap floor (the lowest heap of the last
 * third of the run vs the first third) that keeps rising; the RSS slope over the second half is
 * reported too. Writes bench-results/soak.json (DESIGN.md §10). A script,
 * not a test; it stops by itself.
 *
 *   npx tsx scripts/bench-soak.ts [--minutes 10] [--rate 6] [--sample-seconds 5]
 *
 * --rate is new contacts per second across the three portals (each makes one creation and
 * several property-change webhook events).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Queue } from 'bullmq';
import { QUEUE_NAMES } from '../src/adapters/queue/queues';
import { createRedisConnection } from '../src/adapters/queue/redis';
import { buildContact } from '../src/core/testing/contact.factory';
import { startHubSpotSandbox } from '../sandbox/hubspot-sandbox';
import { startPrivateRedis } from '../sandbox/local-redis';
import { buildLocalEnv, freePort, installThroughOAuth, LOCAL_APP_ID, oauthFromHubSpotProject, subscriptionsFromHubSpotProject } from './local-stack/local-stack';
import { percentile, writeBenchResult } from './bench/bench-result';
import { exited, spawnCareQual } from './bench/multi-process-stack';

/** Growth of the heap's floor (its lowest value in the last third of the run vs the first third), MB per minute. */
const GOAL_HEAP_FLOOR_GROWTH_MB_PER_MIN = 1;

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} must be a positive number`);
  return v;
}

/** Least-squares slope of y over x. */
function slope(points: readonly { x: number; y: number }[]): number {
  if (points.length < 2) return NaN;
  const mx = points.reduce((s, p) => s + p.x, 0) / points.length;
  const my = points.reduce((s, p) => s + p.y, 0) / points.length;
  const num = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
  const den = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

function metricValue(text: string, name: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
  return line ? Number(line.trim().split(/\s+/).pop()) : NaN;
}

let serial = 0;
function inquiry(i: number): Record<string, string> {
  const overrides: Record<string, string | null> = { email: `soak.${++serial}.${randomBytes(3).toString('hex')}@example-mail.com` };
  if (i % 5 === 3) Object.assign(overrides, { treatment_timeline: 'In 6+ months', message: 'Just researching options for now.' });
  if (i % 5 === 4) Object.assign(overrides, { zip: '99501', state: 'AK' });
  return Object.fromEntries(Object.entries(buildContact(overrides)).filter((e): e is [string, string] => e[1] !== null));
}

async function main(): Promise<void> {
  const minutes = arg('minutes', 10);
  const rate = arg('rate', 6);
  const sampleMs = arg('sample-seconds', 5) * 1000;
  const durationMs = minutes * 60_000;

  const redis = await startPrivateRedis();
  const sandbox = await startHubSpotSandbox({ webhookBatchMs: 50 });
  sandbox.setFaults({ '/crm/*': { latencyMs: 50 } });
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const prefix = `soak${randomBytes(3).toString('hex')}`;
  const metricsToken = randomBytes(24).toString('hex');
  const env = buildLocalEnv({
    PORT: String(port), PUBLIC_BASE_URL: baseUrl, HUBSPOT_API_BASE_URL: sandbox.url, HUBSPOT_AUTH_BASE_URL: sandbox.url, REDIS_URL: redis.url,
    DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'carequal-soak-')), QUEUE_PREFIX: prefix, LOG_LEVEL: 'warn',
    METRICS_TOKEN: metricsToken, // /metrics is never anonymous on PORT
  });
  sandbox.registerApp({
    appId: LOCAL_APP_ID, clientId: env.HUBSPOT_CLIENT_ID!, clientSecret: env.HUBSPOT_CLIENT_SECRET!, ...oauthFromHubSpotProject(baseUrl),
    webhookTargetUrl: `${baseUrl}/webhooks/hubspot`, subscriptions: subscriptionsFromHubSpotProject(),
  });
  const child = spawnCareQual(['serve'], env);
  let childErrors = '';
  child.stderr?.on('data', (c: Buffer) => (childErrors += c.toString()).length > 100_000 && (childErrors = childErrors.slice(-50_000)));
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await Promise.race([exited(child), new Promise((r) => setTimeout(r, 10_000))]);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await sandbox.close();
    await redis.stop();
  };

  try {
    for (let i = 0; ; i++) {
      if ((await fetch(`${baseUrl}/readyz`).then((r) => r.status).catch(() => 0)) === 200) break;
      if (i > 300 || child.exitCode !== null) throw new Error(`CareQual did not become ready:\n${childErrors.slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const portals: number[] = [];
    for (let i = 0; i < 3; i++) portals.push((await installThroughOAuth({ sandbox, baseUrl })).portalId);
    console.log(`soak: ${minutes} min, ${rate} contacts/s over portals ${portals.join(', ')}; CareQual pid ${child.pid} on ${baseUrl}`);

    const pending = new Map<string, { portalId: number; createdAt: number }>();
    const latencies: number[] = [];
    const memory: { atS: number; rssMb: number; heapMb: number; pending: number; done: number }[] = [];
    let created = 0;
    const startedAt = Date.now();
    const sample = async () => {
      const text = await fetch(`${baseUrl}/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } }).then((r) => r.text()).catch(() => '');
      const rssMb = metricValue(text, 'carequal_process_resident_memory_bytes') / 2 ** 20;
      const heapMb = metricValue(text, 'carequal_nodejs_heap_size_used_bytes') / 2 ** 20;
      memory.push({ atS: Math.round((Date.now() - startedAt) / 1000), rssMb: Math.round(rssMb * 10) / 10, heapMb: Math.round(heapMb * 10) / 10, pending: pending.size, done: latencies.length });
      const last = memory[memory.length - 1]!;
      console.log(`  t=${String(last.atS).padStart(4)} s  created ${created}  written ${latencies.length}  pending ${pending.size}  rss ${last.rssMb} MB  heap ${last.heapMb} MB`);
    };
    const check = () => {
      const now = Date.now();
      for (const [id, p] of pending) {
        if (sandbox.getContact(p.portalId, id)?.properties.carequal_outcome) {
          latencies.push(now - p.createdAt);
          pending.delete(id);
        }
      }
    };

    await sample();
    const checker = setInterval(check, 100);
    const sampler = setInterval(() => void sample(), sampleMs);
    // Steady arrivals: every 100 ms, as many new contacts as keep the total on rate × elapsed.
    while (Date.now() - startedAt < durationMs) {
      const due = Math.floor(((Date.now() - startedAt) / 1000) * rate);
      while (created < due) {
        const portalId = portals[created % portals.length]!;
        const [id] = await sandbox.createContacts(portalId, [inquiry(created)]);
        pending.set(id!, { portalId, createdAt: Date.now() });
        created++;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    const loadEndedAt = Date.now();
    for (let i = 0; i < 600 && pending.size > 0; i++) await new Promise((r) => setTimeout(r, 100));
    clearInterval(sampler);
    clearInterval(checker);
    check();
    await sample();

    const connection = createRedisConnection(redis.url, 'producer');
    const queue = new Queue(QUEUE_NAMES.qualify, { connection, prefix });
    const jobs = await queue.getJobCounts('active', 'wait', 'delayed', 'failed', 'completed');
    await queue.close();
    connection.disconnect();
    const deliveries = sandbox.webhookDeliveries();
    const failedDeliveries = deliveries.filter((d) => d.status === undefined || d.status >= 300).length;
    const rateLimited = portals.reduce((n, p) => n + sandbox.counters(p).rateLimited, 0);

    const secondHalf = memory.filter((m) => m.atS * 1000 >= durationMs / 2 && m.atS * 1000 <= durationMs + sampleMs);
    const rssSlope = slope(secondHalf.map((m) => ({ x: m.atS / 60, y: m.rssMb })));
    const heapSlope = slope(secondHalf.map((m) => ({ x: m.atS / 60, y: m.heapMb })));
    // V8 collects in a sawtooth (heap climbs tens of MB, then a major GC drops it), so a straight-line
    // slope mostly says where in a cycle the run ended. A leak shows as a floor that keeps rising:
    // compare the lowest heap (and RSS) of the first and the last third of the load.
    const seconds = (loadEndedAt - startedAt) / 1000;
    const third = (k: number) => memory.filter((m) => m.atS >= (k * seconds) / 3 && m.atS <= ((k + 1) * seconds) / 3);
    const floor = (k: number, key: 'heapMb' | 'rssMb') => Math.min(...third(k).map((m) => m[key]));
    const thirdsApartMin = (2 * seconds) / 3 / 60;
    const heapFloorGrowth = Math.round(((floor(2, 'heapMb') - floor(0, 'heapMb')) / thirdsApartMin) * 100) / 100;
    const rssFloorGrowth = Math.round(((floor(2, 'rssMb') - floor(0, 'rssMb')) / thirdsApartMin) * 100) / 100;
    const details = {
      minutes, rateTarget: rate, portals: portals.length, created, written: latencies.length, lost: pending.size,
      throughputPerS: Math.round((latencies.length / seconds) * 100) / 100,
      latencyMs: { p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99), max: Math.max(...latencies) },
      errors: { webhookDeliveriesNot2xx: failedDeliveries, webhookDeliveries: deliveries.length, jobsFailed: jobs.failed, hubspot429: rateLimited, stillPending: pending.size },
      jobs,
      memory: {
        rssStartMb: memory[1]?.rssMb ?? memory[0]?.rssMb, rssEndMb: memory[memory.length - 1]?.rssMb, rssPeakMb: Math.max(...memory.map((m) => m.rssMb)),
        heapEndMb: memory[memory.length - 1]?.heapMb, heapFloorGrowthMbPerMin: heapFloorGrowth, rssFloorGrowthMbPerMin: rssFloorGrowth,
        heapFloorFirstThirdMb: floor(0, 'heapMb'), heapFloorLastThirdMb: floor(2, 'heapMb'), rssSlopeSecondHalfMbPerMin: Math.round(rssSlope * 100) / 100, heapSlopeSecondHalfMbPerMin: Math.round(heapSlope * 100) / 100,
        samples: memory,
      },
    };
    console.log(JSON.stringify({ ...details, memory: { ...details.memory, samples: `${memory.length} samples` } }, null, 2));
    writeBenchResult({ name: 'soak', value: heapFloorGrowth, unit: 'MB/min heap floor growth', goal: GOAL_HEAP_FLOOR_GROWTH_MB_PER_MIN, higherIsBetter: false, details });
    if (pending.size > 0 || (jobs.failed ?? 0) > 0) process.exitCode = 1;
  } finally {
    await stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
