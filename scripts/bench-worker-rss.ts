import { contactId, tenantId } from '../src/app/ports/ids';
/**
 * Benchmark: resident memory of a `carequal worker` process after it has qualified a few
 * thousand contacts. Writes bench-results/worker-rss-mb.json (DESIGN.md §10): RSS in MB at the
 * end of the run; the peak, the idle RSS after start and RSS sampled over time in details.
 *
 *   npx tsx scripts/bench-worker-rss.ts [--contacts 5000] [--portals 5] [--from-source]
 *     [--checkpoints 5000,15000,30000] [--heap-snapshots <dir>]
 *
 * With checkpoints the contacts are enqueued in stages: RSS and V8's heap figures are read once
 * each stage's contacts are written and the worker has settled (the figure is the RSS at the
 * last checkpoint); with --heap-snapshots the worker also writes a heap snapshot into <dir> at
 * each checkpoint (compare two with scripts/bench/heap-snapshot-summary.ts).
 * The worker's node runs with WORKER_NODE_OPTIONS, as deployed (deploy/); BENCH_WORKER_NODE_OPTIONS
 * replaces them (empty: V8's defaults).
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
import { cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
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
import { buildLocalEnv, installThroughOAuth, LOCAL_APP_ID, oauthFromHubSpotProject, startSandboxedApp, type SandboxedApp } from './local-stack/local-stack';
import { createScratchDatabase } from './bench/multi-process-stack';
import { numberOption, writeBenchResult } from './bench/bench-result';
import { buildDemoLeads, toFormValues } from './demo/demo-leads';
import { WORKER_NODE_OPTIONS } from '../src/main/worker-node-options';
import { findFreePort, readCpuS, readWorkerHeap, takeHeapSnapshot, waitForWorkerHeap, type WorkerHeap } from './bench/worker-memory';

/** Issue 22: a worker stays under 250 MB. */
const GOAL_MB = 250;
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

interface Checkpoint {
  contacts: number;
  rssMb: number;
  heap?: WorkerHeap;
  heapSnapshot?: string;
  /** Worker CPU (user + system) from its start to this checkpoint, in seconds: the load-independent cost. */
  cpuS?: number;
}

/** `--checkpoints 5000,15000` as whole numbers in ascending order; [contacts] without the option. */
function checkpointsOption(contacts: number): number[] {
  const i = process.argv.indexOf('--checkpoints');
  if (i < 0) return [contacts];
  const list = (process.argv[i + 1] ?? '').split(',').map(Number);
  if (!list.length || list.some((n, k) => !Number.isInteger(n) || n < 1 || (k > 0 && n <= list[k - 1]!))) throw new Error('--checkpoints must be ascending whole numbers, e.g. 5000,15000,30000');
  return list;
}

async function main(): Promise<void> {
  const checkpoints = checkpointsOption(numberOption('contacts', 5000, { min: 1, integer: true }));
  const contacts = checkpoints[checkpoints.length - 1]!;
  const portals = numberOption('portals', 5, { min: 1, integer: true });
  const snapshotsAt = process.argv.indexOf('--heap-snapshots');
  const snapshotDir = snapshotsAt >= 0 ? path.resolve(process.argv[snapshotsAt + 1] ?? 'heap-snapshots') : undefined;
  if (snapshotDir) mkdirSync(snapshotDir, { recursive: true });
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
    const metricsPort = await findFreePort();
    const workerEnv = {
      ...env, PORT: '0', METRICS_PORT: String(metricsPort), PUBLIC_BASE_URL: app.baseUrl, HUBSPOT_API_BASE_URL: app.sandbox.url, HUBSPOT_AUTH_BASE_URL: app.sandbox.url, HUBSPOT_CLIENT_SECRET: app.config.HUBSPOT_CLIENT_SECRET,
    };
    const metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
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
    const nodeFlags = [...(process.env.BENCH_WORKER_NODE_OPTIONS ?? WORKER_NODE_OPTIONS).split(/\s+/).filter(Boolean), ...(snapshotDir ? ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${snapshotDir}`] : [])];
    // The compiled build lives in a temp folder: it finds the repository's packages through NODE_PATH.
    const clean = Object.fromEntries(Object.entries({ PATH: process.env.PATH, HOME: process.env.HOME, MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX, NODE_PATH: path.join(REPO_ROOT, 'node_modules'), ...workerEnv }).filter(([, v]) => v !== undefined)) as Record<string, string>;
    // BENCH_WORKER_STDOUT=<file> keeps what node itself prints there (--trace-gc); the worker logs to stderr.
    const stdout = process.env.BENCH_WORKER_STDOUT ? openSync(process.env.BENCH_WORKER_STDOUT, 'w') : 'ignore';
    worker = spawn(process.execPath, [...nodeFlags, ...args], { cwd: os.tmpdir(), env: clean, stdio: ['ignore', stdout, 'inherit'] });
    const startedAt = Date.now();
    const samples: { tMs: number; rssMb: number }[] = [];
    const sample = () => {
      const r = readRss(worker!.pid!);
      if (r) samples.push({ tMs: Date.now() - startedAt, rssMb: round(r.rssMb) });
      return r;
    };
    const sampler = setInterval(sample, SAMPLE_EVERY_MS);

    // Idle: once the worker is up (its metrics listener answers after the queue workers started), settled.
    const idleHeap = await waitForWorkerHeap(metricsUrl, worker, RUN_TIMEOUT_MS);
    await sleep(SETTLE_MS);
    const idle = sample();

    const connection = createRedisConnection(redis.url, 'producer');
    const handle = openQueueHandle(QUEUE_NAMES.qualify, { connection, prefix: DEFAULT_QUEUE_PREFIX });
    const queue = handle.get();
    const producer = createQualifyProducer(handle, { timeoutMs: 60_000 });
    const reached: Checkpoint[] = [];
    const enqueuedAt = Date.now();
    let done = 0;
    for (const target of checkpoints) {
      // This stage's contacts, portal by portal in pages of 100, as the webhook intake would.
      const from = Math.ceil(done / portals), to = Math.ceil(target / portals);
      const jobs = [...ids].flatMap(([portalId, list]) => chunk(list.slice(from, to), 100).map((contactIds, page) => ({
        jobId: `rss-${portalId}-${from}-${page}`, data: { portalId: tenantId(portalId), contactIds: contactIds.map(contactId), traceId: randomUUID(), reason: 'webhook' as const },
      })));
      await producer.enqueue(jobs);
      const expected = [...ids].flatMap(([portalId, list]) => list.slice(0, to).map((id) => ({ portalId, id })));
      await waitUntilWritten(app, expected, worker, RUN_TIMEOUT_MS * Math.max(1, (target - done) / 5000));
      done = target;
      await sleep(SETTLE_MS);
      const r = sample();
      if (!r) throw new Error('could not read the worker’s RSS');
      const heap = await readWorkerHeap(metricsUrl);
      const heapSnapshot = snapshotDir ? await takeHeapSnapshot(worker.pid!, snapshotDir) : undefined;
      const cpuS = readCpuS(worker.pid!);
      reached.push({ contacts: expected.length, rssMb: round(r.rssMb), heap, heapSnapshot, cpuS });
      console.log(`worker-rss: ${expected.length} contacts: RSS ${round(r.rssMb)} MB, heap used ${heap?.heapUsedMb} of ${heap?.heapTotalMb} MB, external ${heap?.externalMb} MB, worker CPU ${cpuS} s`);
    }
    const processingMs = Date.now() - enqueuedAt;
    const counts = await queue.getJobCounts('completed', 'failed');
    const end = sample();
    clearInterval(sampler);
    await handle.close();
    connection.disconnect();
    if (!end || !idle) throw new Error('could not read the worker’s RSS');
    const last = reached[reached.length - 1]!;

    writeBenchResult({
      name: 'worker-rss-mb',
      value: last.rssMb,
      unit: 'MB',
      goal: GOAL_MB,
      higherIsBetter: false,
      details: {
        peakRssMb: end.peakMb === undefined ? round(Math.max(...samples.map((s) => s.rssMb))) : round(end.peakMb),
        idleRssMbAfterStart: round(idle.rssMb),
        idleHeap,
        checkpoints: reached,
        contactsQualified: last.contacts,
        jobsCompleted: counts.completed,
        jobsFailed: counts.failed,
        portals,
        processingS: round(processingMs / 1000),
        contactsPerS: Math.round(last.contacts / (processingMs / 1000)),
        workerConcurrency: 4,
        workerNodeFlags: nodeFlags,
        database: database ? 'PostgreSQL (scratch database)' : 'PGlite (embedded, in the worker process)',
        worker: compiled ? 'compiled CLI: node dist/src/main/cli.js worker' : 'CLI from source through tsx',
        sandboxLatencyMsPerCall: 50,
        loadAverage: os.loadavg().map(round),
        rssOverTimeMb: downsample(samples, 40),
        setup: 'one `carequal worker` process; this process runs the HubSpot sandbox and enqueues qualify jobs of 100 contact ids; private redis-server with AOF everysec; RSS from /proc/<pid>/status, heap figures from the worker’s /metrics',
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

/**
 * Waits until the sandbox holds CareQual's outcome on every listed contact. Only the contacts not
 * yet written are read again: at 30,000 contacts, reading them all twice a second starved the
 * sandbox (it shares this process) and with it the worker.
 */
async function waitUntilWritten(app: SandboxedApp, expected: { portalId: number; id: string }[], worker: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let pending = expected;
  while (Date.now() < deadline) {
    pending = pending.filter((c) => !app.sandbox.getContact(c.portalId, c.id)?.properties.carequal_outcome);
    if (pending.length === 0) return;
    if (worker.exitCode !== null) throw new Error(`the worker exited with ${worker.exitCode}`);
    await sleep(1000);
  }
  throw new Error(`only ${expected.length - pending.length} of ${expected.length} contacts written within ${Math.round(timeoutMs / 1000)} s`);
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
