/**
 * Benchmark: webhook deliveries acknowledged per second. Starts the app (web role, real
 * runtime, PGlite, the real audit log) in a child process against a private Redis on
 * 127.0.0.1, drives signed 100-event deliveries at it with bounded concurrency for a fixed
 * time, and reports sustained deliveries/s, events/s and client-side p50/p99 ack latency as
 * bench-results/webhook-ingest.json (DESIGN.md §10). A script, not a test: it reports figures.
 *
 *   npx tsx scripts/bench-webhook-ingest.ts [--seconds 20] [--warmup 3] [--concurrency 10] [--portals 20] [--profile] [--no-audit] [--audit-wait-ms N]
 *
 * --profile writes a V8 CPU profile of the app process's measured web phase (start-up and warm-up left out) to bench-results/profiles/webhook-ingest-web.cpuprofile,
 * and of the intake drain to webhook-ingest-intake.cpuprofile; read them with
 * `npx tsx scripts/bench/cpu-profile-summary.ts <file>`. Profiling costs CPU: compare figures
 * from runs without it.
 *
 * The load generator and the app run in separate processes (one core each on a 2-core box).
 * Concurrency defaults to 10, HubSpot's cap of deliveries in flight per account; the loop is
 * closed (each worker sends its next delivery when the last is answered), so at saturation the
 * latency figures include queueing (Little's law). `details.cpuMsPerDelivery` is the app's own CPU
 * time per delivery (every thread: V8's concurrent GC threads included), the figure least
 * disturbed by other work on a shared machine; the garbage collections of the measured phase are
 * counted beside it.
 */
import { spawn, fork, type ChildProcess } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { constants, PerformanceObserver } from 'node:perf_hooks';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { TokenCipher } from '../src/adapters/crypto/token-cipher';
import { CriteriaRepository } from '../src/adapters/db/criteria.repository';
import { InstallationRepository } from '../src/adapters/db/installation.repository';
import type { AuditLog } from '../src/app/ports/audit-log.port';
import { loadConfig } from '../src/config/config';
import { buildDefaultCriteria } from '../src/core';
import { createAuditLog } from '../src/main/audit.wiring';
import { composeFeatures } from '../src/main/features';
import { queuesOf } from '../src/main/queues.wiring';
import { startRuntime } from '../src/main/runtime';
import { createWebhooksFeature } from '../src/main/webhooks.feature';
import { createLogger } from '../src/observability/logger';
import { percentile, writeBenchResult } from './bench/bench-result';
import { freePort } from '../sandbox/local-ports';

const GOAL_DELIVERIES_PER_S = 500;
const EVENTS_PER_DELIVERY = 100;
const APP_ID = 4242;
const CLIENT_SECRET = `bench-secret-${randomBytes(8).toString('hex')}`;
const PUBLIC_BASE_URL = 'https://carequal.bench';
const FIRST_PORTAL = 90_000_001;

interface Options { seconds: number; warmup: number; concurrency: number; portals: number; auditWaitMs?: number }

function parseOptions(argv: string[]): Options {
  const get = (name: string, fallback: number) => {
    const i = argv.indexOf(`--${name}`);
    const v = i >= 0 ? Number(argv[i + 1]) : fallback;
    if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} must be a positive number`);
    return v;
  };
  const wait = argv.indexOf('--audit-wait-ms');
  return {
    seconds: get('seconds', 20), warmup: get('warmup', 3), concurrency: get('concurrency', 10), portals: get('portals', 20),
    auditWaitMs: wait >= 0 ? Number(argv[wait + 1]) : undefined,
  };
}


/** A private Redis (AOF every second, as production runs it) so the figures do not depend on what else shares Redis. */
async function startRedis(dir: string): Promise<{ url: string; process: ChildProcess }> {
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'yes', '--appendfsync', 'everysec', '--maxmemory-policy', 'noeviction'], { stdio: 'ignore' });
  const url = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 50; i++) {
    await new Promise((r) => setTimeout(r, 100));
    const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on('error', () => undefined);
    try {
      await probe.connect();
      if ((await probe.ping()) === 'PONG') return { url, process: child };
    } catch { /* not yet */ } finally {
      probe.disconnect();
    }
  }
  child.kill();
  throw new Error('redis-server did not start (is it installed? apt-get install redis-server)');
}

/** The app child: real runtime (web role) with the webhook feature; tells the parent its port. */
async function runAppChild(): Promise<void> {
  const env = JSON.parse(process.env.BENCH_APP_ENV ?? '{}') as Record<string, string>;
  const config = loadConfig(env);
  const logger = createLogger({ level: 'warn', format: 'json', secrets: [config.HUBSPOT_CLIENT_SECRET] });
  // The real repositories and audit log (what features.ts wires), built once for the process.
  let criteria: CriteriaRepository | undefined;
  let audit: AuditLog | undefined;
  const auditOf = (s: Parameters<typeof createAuditLog>[0]): AuditLog =>
    (audit ??= env.BENCH_NO_AUDIT === '1' ? { append: async () => undefined } : createAuditLog(s)); // --no-audit: diagnostic only
  const feature = createWebhooksFeature({
    installations: (s) => new InstallationRepository(s.db, new TokenCipher(s.config.TOKEN_ENCRYPTION_KEY_ID, { [s.config.TOKEN_ENCRYPTION_KEY_ID]: s.config.tokenEncryptionKey })),
    criteria: (s) => (criteria = new CriteriaRepository(s.db)),
    audit: auditOf,
    auditBatchWaitMs: env.BENCH_AUDIT_WAIT_MS ? Number(env.BENCH_AUDIT_WAIT_MS) : undefined,
  });
  const runtime = await startRuntime(config, 'web', logger, composeFeatures([feature]));
  const portals = Number(env.BENCH_PORTALS);
  criteria ??= new CriteriaRepository(runtime.services.db); // the web role no longer reads criteria: the intake worker does
  for (let i = 0; i < portals; i++) {
    await runtime.services.db.query(`INSERT INTO installations (portal_id, status) VALUES ($1, 'active') ON CONFLICT DO NOTHING`, [FIRST_PORTAL + i]);
    await criteria.publishIfNone(runtime.services.db, FIRST_PORTAL + i, buildDefaultCriteria(), { actor: { kind: 'system', role: 'cli' } });
  }
  process.send?.({ port: runtime.http.port });
  let cpuAtStart = process.cpuUsage();
  // Garbage collections during the measured phase (the main thread's pauses; concurrent marking runs beside them).
  const gc = { minor: 0, major: 0, pauseMs: 0, measuring: false };
  new PerformanceObserver((list) => {
    if (!gc.measuring) return;
    for (const entry of list.getEntries()) {
      const kind = (entry as unknown as { detail?: { kind?: number } }).detail?.kind;
      if (kind === constants.NODE_PERFORMANCE_GC_MINOR) gc.minor++;
      else gc.major++;
      gc.pauseMs += entry.duration;
    }
  }).observe({ entryTypes: ['gc'] });
  const profiler = env.BENCH_PROFILE === '1' ? new Session() : undefined;
  process.on('message', async (msg: unknown) => {
    if (msg === 'measure-start') {
      await startProfile(profiler);
      Object.assign(gc, { minor: 0, major: 0, pauseMs: 0, measuring: true });
      cpuAtStart = process.cpuUsage();
    }
    if (msg === 'measure-end') {
      const used = process.cpuUsage(cpuAtStart);
      gc.measuring = false;
      await stopProfile(profiler, 'web');
      process.send?.({ cpuMs: (used.user + used.system) / 1000, userMs: used.user / 1000, gc: { minor: gc.minor, major: gc.major, pauseMs: Math.round(gc.pauseMs) }, heapUsedMb: Math.round(process.memoryUsage().heapUsed / 1e6) });
    }
    if (msg === 'drain') {
      // The intake worker's share, measured apart: it takes in every stored delivery (filter, dedupe, qualify job, audit).
      const intake = queuesOf(runtime.services).intake.get();
      const stored = await intake.getWaitingCount();
      await startProfile(profiler);
      const cpuBefore = process.cpuUsage();
      const startedAt = performance.now();
      const worker = feature.startIntakeWorker(runtime.services);
      while ((await intake.getWaitingCount()) + (await intake.getActiveCount()) > 0) await new Promise((r) => setTimeout(r, 100));
      const used = process.cpuUsage(cpuBefore);
      await stopProfile(profiler, 'intake');
      await worker.close(5000);
      process.send?.({ drained: stored, cpuMs: (used.user + used.system) / 1000, seconds: (performance.now() - startedAt) / 1000, failed: await intake.getFailedCount() });
    }
    if (msg === 'stop') {
      await runtime.stop();
      process.exit(0);
    }
  });
}

async function startProfile(session: Session | undefined): Promise<void> {
  if (!session) return;
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
}

async function stopProfile(session: Session | undefined, phase: 'web' | 'intake'): Promise<void> {
  if (!session) return;
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();
  mkdirSync('bench-results/profiles', { recursive: true });
  writeFileSync(`bench-results/profiles/webhook-ingest-${phase}.cpuprofile`, JSON.stringify(profile));
}

/**
 * One realistic delivery: 50 contacts of one portal, each a creation plus a watched property
 * change (with a value, as HubSpot sends it). Built from string templates so the generator
 * stays cheap next to the app it measures.
 */
function buildDelivery(seq: number, portalId: number): string {
  const occurredAt = Date.now() - 200;
  const parts: string[] = [];
  for (let i = 0; i < EVENTS_PER_DELIVERY; i++) {
    const head = `{"eventId":${seq * EVENTS_PER_DELIVERY + i},"portalId":${portalId},"appId":${APP_ID},"occurredAt":${occurredAt},"attemptNumber":0,"objectId":${seq * 50 + (i >> 1)},`;
    parts.push(head + (i % 2 === 0 ? CREATION_TAIL : PROPERTY_CHANGE_TAIL));
  }
  return `[${parts.join(',')}]`;
}
const CREATION_TAIL = '"subscriptionId":11,"subscriptionType":"contact.creation","changeFlag":"CREATED","changeSource":"FORM","sourceId":"form:knee-consult"}';
const PROPERTY_CHANGE_TAIL = '"subscriptionId":12,"subscriptionType":"contact.propertyChange","propertyName":"message","propertyValue":"I would like a consultation about knee pain, Aetna PPO","changeSource":"FORM","sourceId":"form:knee-consult"}';

function sign(body: string, timestamp: string): string {
  return createHmac('sha256', CLIENT_SECRET).update(`POST${PUBLIC_BASE_URL}/webhooks/hubspot${body}${timestamp}`).digest('base64');
}

interface Tally { ok: number; failed: number; statuses: Record<string, number>; latenciesMs: number[] }

async function drive(url: string, opts: Options, phaseMs: number, record: boolean, counter: { seq: number }): Promise<Tally> {
  const tally: Tally = { ok: 0, failed: 0, statuses: {}, latenciesMs: [] };
  const endAt = performance.now() + phaseMs;
  const worker = async () => {
    while (performance.now() < endAt) {
      const seq = counter.seq++;
      const body = buildDelivery(seq, FIRST_PORTAL + (seq % opts.portals));
      const timestamp = String(Date.now());
      const started = performance.now();
      let status = 'error';
      try {
        const res = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-hubspot-signature-v3': sign(body, timestamp), 'x-hubspot-request-timestamp': timestamp } });
        await res.arrayBuffer();
        status = String(res.status);
      } catch { /* counted as error */ }
      if (!record) continue;
      tally.latenciesMs.push(performance.now() - started);
      tally.statuses[status] = (tally.statuses[status] ?? 0) + 1;
      if (status === '200') tally.ok++;
      else tally.failed++;
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  return tally;
}

async function main(): Promise<void> {
  if (process.argv.includes('--app-child')) return runAppChild();
  const opts = parseOptions(process.argv.slice(2));
  const dir = mkdtempSync(path.join(os.tmpdir(), 'carequal-bench-webhook-'));
  const redis = await startRedis(dir);
  let app: ChildProcess | undefined;
  try {
    const env = {
      NODE_ENV: 'production', PUBLIC_BASE_URL, PORT: '0', HOST: '127.0.0.1', HUBSPOT_CLIENT_ID: 'bench-client', HUBSPOT_CLIENT_SECRET: CLIENT_SECRET,
      HUBSPOT_APP_ID: String(APP_ID), REDIS_URL: redis.url, DATA_DIR: path.join(dir, 'data'), TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
      AUDIT_HMAC_KEY: randomBytes(32).toString('hex'), SESSION_SECRET: randomBytes(32).toString('hex'), LOG_LEVEL: 'warn', LOG_FORMAT: 'json',
      BENCH_PORTALS: String(opts.portals), BENCH_NO_AUDIT: process.argv.includes('--no-audit') ? '1' : '0',
      BENCH_AUDIT_WAIT_MS: opts.auditWaitMs === undefined ? '' : String(opts.auditWaitMs),
      BENCH_PROFILE: process.argv.includes('--profile') ? '1' : '0',
    };
    app = fork(process.argv[1]!, ['--app-child'], { execArgv: process.execArgv, env: { ...process.env, BENCH_APP_ENV: JSON.stringify(env) }, stdio: 'inherit' });
    const port = await new Promise<number>((resolve, reject) => {
      app!.once('message', (m) => resolve((m as { port: number }).port));
      app!.once('exit', (code) => reject(new Error(`app exited with ${code}`)));
    });
    const url = `http://127.0.0.1:${port}/webhooks/hubspot`;
    console.log(`app on ${url}; warm-up ${opts.warmup} s, then ${opts.seconds} s at concurrency ${opts.concurrency} over ${opts.portals} portals`);
    const counter = { seq: 1 };
    await drive(url, opts, opts.warmup * 1000, false, counter);
    app.send('measure-start');
    const startedAt = performance.now();
    const tally = await drive(url, opts, opts.seconds * 1000, true, counter);
    const elapsedS = (performance.now() - startedAt) / 1000;
    const web = await new Promise<{ cpuMs: number; userMs: number; gc: { minor: number; major: number; pauseMs: number }; heapUsedMb: number }>((resolve) => {
      app!.once('message', (m) => resolve(m as never));
      app!.send('measure-end');
    });
    const appCpuMs = web.cpuMs;
    const cpuMsPerDelivery = appCpuMs / Math.max(1, tally.ok + tally.failed);
    const [load1] = os.loadavg();

    const inspect = new Redis(redis.url);
    const usedMemory = /used_memory:(\d+)/.exec(await inspect.info('memory'))?.[1];
    console.log('web phase done; the intake worker now takes in every stored delivery (measured apart)');
    const drain = await new Promise<{ drained: number; cpuMs: number; seconds: number; failed: number }>((resolve) => {
      app!.once('message', (m) => resolve(m as { drained: number; cpuMs: number; seconds: number; failed: number }));
      app!.send('drain');
    });
    const qualifyJobs = await inspect.zcard('carequal:qualify:prioritized');
    inspect.disconnect();

    const deliveriesPerS = tally.ok / elapsedS;
    writeBenchResult({
      name: 'webhook-ingest', value: Math.round(deliveriesPerS), unit: 'deliveries/s', goal: GOAL_DELIVERIES_PER_S, higherIsBetter: true,
      details: {
        eventsPerSecond: Math.round(deliveriesPerS * EVENTS_PER_DELIVERY),
        p50Ms: round(percentile(tally.latenciesMs, 50)), p90Ms: round(percentile(tally.latenciesMs, 90)), p99Ms: round(percentile(tally.latenciesMs, 99)), maxMs: round(Math.max(...tally.latenciesMs)),
        goalP99Ms: 50,
        // Load-independent view: app CPU per delivery, and what one otherwise idle core could take.
        cpuMsPerDelivery: round(cpuMsPerDelivery), userCpuShare: round(web.userMs / appCpuMs), gcDuringMeasurement: web.gc, heapUsedMbAtEnd: web.heapUsedMb, appCpuUtilisation: round(appCpuMs / (elapsedS * 1000)), projectedDeliveriesPerCoreS: Math.round(1000 / cpuMsPerDelivery),
        loadAverage1m: round(load1 ?? 0), deliveries: tally.ok, failed: tally.failed, statuses: tally.statuses, seconds: round(elapsedS), concurrency: opts.concurrency, portals: opts.portals,
        eventsPerDelivery: EVENTS_PER_DELIVERY, contactsPerDelivery: EVENTS_PER_DELIVERY / 2, redisUsedMemoryBytes: Number(usedMemory),
        // The work moved off the request path: the intake worker (same process, PGlite audit) taking in the stored deliveries afterwards.
        intakeWorker: { deliveries: drain.drained, failed: drain.failed, cpuMsPerDelivery: round(drain.cpuMs / Math.max(1, drain.drained)), deliveriesPerS: Math.round(drain.drained / drain.seconds), qualifyJobsAfter: qualifyJobs },
        audit: process.argv.includes('--no-audit') ? 'disabled (diagnostic run)' : 'real audit log (PGlite), group-committed',
        setup: 'app (web role; then its intake worker, PGlite, real audit log) in one process, load generator in another, private redis-server with AOF everysec; all on 127.0.0.1',
      },
    });
  } finally {
    if (app && app.exitCode === null) {
      app.send('stop');
      await new Promise((r) => { const t = setTimeout(() => { app!.kill('SIGKILL'); r(undefined); }, 15_000); app!.once('exit', () => { clearTimeout(t); r(undefined); }); });
    }
    redis.process.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
