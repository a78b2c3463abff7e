import { contactId, tenantId } from '../src/app/ports/ids';
/**
 * Benchmark: resident memory of a `carequal worker` process after it has qualified a few
 * thousand contacts. Writes bench-results/worker-rss-mb.json (DESIGN.md §10): RSS in MB at the
 * end of the run; the peak, the idle RSS after start and RSS sampled over time in details.
 *
 *   npx tsx scripts/bench-worker-rss.ts [--contacts 5000] [--portals 5] [--from-source]
 *
 * Set-up, as deployed: the worker is the compiled CLI (`node dist/src/main/cli.js worker`,
 * compiled into a temp folder first; `--from-source` runs it through tsx instead), configured
 * only by its environment. This process runs the local HubSpot sandbox (50 ms per call) and, to
 * install CareQual through the real OAuth flow, the web role — stopped before the worker starts,
 * so the two never share PGlite. Database: a scratch PostgreSQL database when one answers at
 * BENCH_DATABASE_URL / TEST_DATABASE_URL / postgres://postgres@127.0.0.1:5432/test (what
 * separate worker processes use in production), else PGlite. Redis: private, AOF everysec.
 * Jobs are enqueued as the webhook intake would, 100 contact ids each, several portals at once.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { createQualifyProducer } from '../src/adapters/queue/qualify.producer';
import { openQueueHandle } from '../src/adapters/queue/queue-handle';
import { DEFAULT_QUEUE_PREFIX, QUEUE_NAMES } from '../src/adapters/queue/queues';
import { createRedisConnection } from '../src/adapters/queue/redis';
import { buildContact } from '../src/core/testing/contact.factory';
import { startPrivateRedis } from '../sandbox/local-redis';
import { buildLocalEnv, installThroughOAuth, LOCAL_APP_ID, oauthFromHubSpotProject, startSandboxedApp } from './local-stack/local-stack';
import { createScratchDatabase } from './bench/multi-process-stack';
import { numberOption, writeBenchResult } from './bench/bench-result';
import { buildDemoLeads, toFormValues } from './demo/demo-leads';

const GOAL_MB = 300;
const REPO_ROOT = path.resolve(__dirname, '..');
const SAMPLE_EVERY_MS = 250;
const RUN_TIMEOUT_MS = 4 * 60_000;
const SETTLE_MS = 3000;

/** RSS and its high-water mark of a Linux process, in MB (ps as a fallback elsewhere). */
function readRss(pid: number): { rssMb: number; peakMb?: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
    return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
  } catch {
    const ps = spawnSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' });
    const kb = Number(ps.stdout.trim());
    return Number.isFinite(kb) && kb > 0 ? { rssMb: kb / 1024 } : undefined;
  }
}

async function postgresServer(): Promise<string | undefined> {
  const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return url;
  } catch {
    return undefined;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The worker command: the compiled CLI when it compiles, else the sources through tsx. */
function workerCommand(buildDir: string, fromSource: boolean): { args: string[]; compiled: boolean } {
  if (!fromSource) {
    const tsc = path.join(REPO_ROOT, 'node_modules/typescript/bin/tsc');
    spawnSync(process.execPath, [tsc, '-p', path.join(REPO_ROOT, 'tsconfig.build.json'), '--outDir', buildDir], { cwd: REPO_ROOT, stdio: 'ignore' });
    const cli = path.join(buildDir, 'src/main/cli.js');
    if (existsSync(cli)) {
      // The runtime assets `npm run build` copies (scripts/copy-assets.mjs): the SQL migrations and config/ (the safety lexicon).
      cpSync(path.join(REPO_ROOT, 'src/adapters/db/migrations'), path.join(buildDir, 'src/adapters/db/migrations'), { recursive: true, filter: (p) => !p.endsWith('.ts') });
      cpSync(path.join(REPO_ROOT, 'config'), path.join(buildDir, 'config'), { recursive: true });
      return { args: [cli, 'worker'], compiled: true };
    }
    console.warn('worker-rss: the CLI did not compile; measuring it from source through tsx');
  }
  const loader = pathToFileURL(path.join(REPO_ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
  return { args: ['--import', loader, path.join(REPO_ROOT, 'src/main/cli.ts'), 'worker'], compiled: false };
}

async function main(): Promise<void> {
  const contacts = numberOption('contacts', 5000, { min: 1, integer: true });
  const portals = numberOption('portals', 5, { min: 1, integer: true });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'carequal-bench-rss-'));
  const redis = await startPrivateRedis({ appendOnly: true, dir });
  const pgServer = await postgresServer();
  const database = pgServer ? await createScratchDatabase(pgServer, 'carequal_rss') : undefined;
  const env = buildLocalEnv({ REDIS_URL: redis.url, LOG_LEVEL: 'warn', DATA_DIR: path.join(dir, 'db'), DATABASE_URL: database?.url, WORKER_CONCURRENCY: '4' });
  let worker: ChildProcess | undefined;
  const app = await startSandboxedApp({ role: 'web', baseEnv: env, env: { DATA_DIR: env.DATA_DIR! }, queuePrefix: DEFAULT_QUEUE_PREFIX });
  try {
    // Install through OAuth (web role), then stop the web role: the worker runs alone.
    const installed: number[] = [];
    for (let i = 0; i < portals; i++) installed.push((await installThroughOAuth(app)).portalId);
    const workerEnv = { ...env, PORT: '0', PUBLIC_BASE_URL: app.baseUrl, HUBSPOT_API_BASE_URL: app.sandbox.url, HUBSPOT_AUTH_BASE_URL: app.sandbox.url, HUBSPOT_CLIENT_SECRET: app.config.HUBSPOT_CLIENT_SECRET };
    await app.runtime.stop();
    // No webhooks from here on: the jobs below are the only work, 100 contacts each.
    app.sandbox.registerApp({ appId: LOCAL_APP_ID, clientId: app.config.HUBSPOT_CLIENT_ID, clientSecret: app.config.HUBSPOT_CLIENT_SECRET, ...oauthFromHubSpotProject(app.baseUrl), subscriptions: [] });
    app.sandbox.setFaults({ '/crm/*': { latencyMs: 50 }, '/oauth/*': { latencyMs: 50 } });

    const leads = buildDemoLeads();
    const perPortal = Math.ceil(contacts / portals);
    const ids = new Map<number, string[]>();
    for (const portalId of installed) {
      const values = Array.from({ length: perPortal }, (_, i) => {
        const lead = leads[i % leads.length]!;
        return toFormValues(buildContact({ ...lead.properties, email: `${lead.key}.${portalId}.${i}@bench-patient.example.com` }));
      });
      ids.set(portalId, await app.sandbox.createContacts(portalId, values, { source: 'FORM', sourceId: 'form:patient-inquiry' }));
    }

    const { args, compiled } = workerCommand(path.join(dir, 'build'), process.argv.includes('--from-source'));
    // The compiled build lives in a temp folder: it finds the repository's packages through NODE_PATH.
    const clean = Object.fromEntries(Object.entries({ PATH: process.env.PATH, HOME: process.env.HOME, NODE_PATH: path.join(REPO_ROOT, 'node_modules'), ...workerEnv }).filter(([, v]) => v !== undefined)) as Record<string, string>;
    worker = spawn(process.execPath, args, { cwd: os.tmpdir(), env: clean, stdio: ['ignore', 'ignore', 'inherit'] });
    const startedAt = Date.now();
    const samples: { tMs: number; rssMb: number }[] = [];
    const sample = () => {
      const r = readRss(worker!.pid!);
      if (r) samples.push({ tMs: Date.now() - startedAt, rssMb: round(r.rssMb) });
      return r;
    };
    const sampler = setInterval(sample, SAMPLE_EVERY_MS);

    // Idle RSS once the worker is up (it answers /healthz on its own port; a few seconds is enough).
    await sleep(4000);
    const idle = sample();

    const connection = createRedisConnection(redis.url, 'producer');
    const handle = openQueueHandle(QUEUE_NAMES.qualify, { connection, prefix: DEFAULT_QUEUE_PREFIX });
    const queue = handle.get();
    const jobs = [...ids].flatMap(([portalId, list]) => chunk(list, 100).map((contactIds, page) => ({
      jobId: `rss-${portalId}-${page}`, data: { portalId: tenantId(portalId), contactIds: contactIds.map(contactId), traceId: randomUUID(), reason: 'webhook' as const },
    })));
    const enqueuedAt = Date.now();
    await createQualifyProducer(handle, { timeoutMs: 60_000 }).enqueue(jobs);

    const all = [...ids].flatMap(([portalId, list]) => list.map((id) => ({ portalId, id })));
    const deadline = Date.now() + RUN_TIMEOUT_MS;
    let written = 0;
    while (Date.now() < deadline) {
      written = all.filter((c) => app.sandbox.getContact(c.portalId, c.id)?.properties.carequal_outcome).length;
      if (written === all.length) break;
      if (worker.exitCode !== null) throw new Error(`the worker exited with ${worker.exitCode}`);
      await sleep(500);
    }
    if (written < all.length) throw new Error(`only ${written} of ${all.length} contacts written within ${RUN_TIMEOUT_MS / 1000} s`);
    const processingMs = Date.now() - enqueuedAt;
    await sleep(SETTLE_MS);
    const counts = await queue.getJobCounts('completed', 'failed');
    const end = sample();
    clearInterval(sampler);
    await handle.close();
    connection.disconnect();
    if (!end || !idle) throw new Error('could not read the worker’s RSS');

    writeBenchResult({
      name: 'worker-rss-mb',
      value: round(end.rssMb),
      unit: 'MB',
      goal: GOAL_MB,
      higherIsBetter: false,
      details: {
        peakRssMb: end.peakMb === undefined ? round(Math.max(...samples.map((s) => s.rssMb))) : round(end.peakMb),
        idleRssMbAfterStart: round(idle.rssMb),
        contactsQualified: written,
        jobs: jobs.length,
        jobsCompleted: counts.completed,
        jobsFailed: counts.failed,
        portals,
        processingS: round(processingMs / 1000),
        contactsPerS: Math.round(written / (processingMs / 1000)),
        workerConcurrency: 4,
        database: database ? 'PostgreSQL (scratch database)' : 'PGlite (embedded, in the worker process)',
        worker: compiled ? 'compiled CLI: node dist/src/main/cli.js worker' : 'CLI from source through tsx',
        sandboxLatencyMsPerCall: 50,
        rssOverTimeMb: downsample(samples, 40),
        setup: 'one `carequal worker` process; this process runs the HubSpot sandbox and enqueues qualify jobs of 100 contact ids; private redis-server with AOF everysec; RSS from /proc/<pid>/status',
      },
    });
  } finally {
    if (worker && worker.exitCode === null) {
      const exited = new Promise((r) => worker!.once('exit', r));
      worker.kill('SIGTERM');
      await Promise.race([exited, sleep(15_000)]);
      if (worker.exitCode === null) worker.kill('SIGKILL');
    }
    await app.stop();
    await redis.stop();
    await database?.drop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

function chunk<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

function downsample<T>(list: readonly T[], max: number): T[] {
  if (list.length <= max) return [...list];
  const step = list.length / max;
  return [...Array.from({ length: max }, (_, i) => list[Math.floor(i * step)]!), ...list.slice(-1)];
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
