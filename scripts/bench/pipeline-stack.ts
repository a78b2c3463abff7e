/**
 * The deployed shape the pipeline benchmarks run (DESIGN.md §8): the HubSpot sandbox as its own
 * process with HubSpot's real limit, CareQual worker processes (`carequal worker`), and this
 * process running the web role (OAuth install, webhook intake) and driving the run. They share a
 * private Redis and a scratch PostgreSQL database (PGlite is one process's database). Used by
 * bench-pipeline.ts (pipeline-ceiling-ratio) and bench-fairness.ts (fairness-p95-ms).
 */
import { randomBytes } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadConfig } from '../../src/config/config';
import { buildContact } from '../../src/core/testing/contact.factory';
import { composeFeatures } from '../../src/main/features';
import { startRuntime, type Runtime } from '../../src/main/runtime';
import { createSilentLogger } from '../../src/observability/logger';
import { oauthFromHubSpotProject, subscriptionsFromHubSpotProject } from '../local-stack/local-stack';
import type { RecordSnapshot } from '../../sandbox/hubspot-sandbox';

/** How long a spawned `carequal worker` may take to answer /readyz. */
const WORKER_READY_TIMEOUT_MS = 120_000;
import { createScratchDatabase, exited, freeTcpPort, spawnCareQual, startPrivateRedis } from './multi-process-stack';

const REPO_ROOT = path.resolve(__dirname, '../..');
const APP_ID = 4242;
const DAY_MS = 86_400_000;
/** HubSpot's limit for a public app: 110 requests per rolling 10 s per installed account. */
export const HUBSPOT_LIMIT = { max: 110, windowMs: 10_000 };

export interface StackOptions { latency: number; jitter: number }

/** The sandbox as its own process (sandbox/cli.ts through tsx); resolves with its URL. */
async function startSandboxProcess(opts: StackOptions): Promise<{ url: string; child: ChildProcess }> {
  const loader = pathToFileURL(path.join(REPO_ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
  const port = await freeTcpPort();
  const child = spawn(process.execPath, [
    '--import', loader, path.join(REPO_ROOT, 'sandbox/cli.ts'), '--port', String(port), '--json', '--quiet',
    '--rate-limit', String(HUBSPOT_LIMIT.max), '--rate-window-ms', String(HUBSPOT_LIMIT.windowMs),
    '--latency', String(opts.latency), '--jitter', String(opts.jitter),
  ], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve((JSON.parse(line) as { url: string }).url);
    });
    child.once('exit', (code) => reject(new Error(`sandbox exited with ${code}`)));
  });
  return { url, child };
}

/** A small client for the sandbox's control API (/_sandbox). */
export function controlApi(url: string) {
  const call = async <T>(method: string, route: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${url}/_sandbox${route}`, { method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined });
    if (!res.ok) throw new Error(`sandbox ${method} ${route} answered ${res.status}: ${await res.text()}`);
    return (res.status === 204 ? undefined : await res.json()) as T;
  };
  return {
    registerApp: (app: unknown) => call('POST', '/apps', app),
    createPortal: () => call<{ portalId: number; userIds: number[] }>('POST', '/portals', { intakeFormFields: true }),
    createContacts: (portalId: number, contacts: Record<string, string>[], opts: { source?: string; sourceId?: string } = {}) =>
      call<{ ids: string[] }>('POST', `/portals/${portalId}/contacts`, { contacts, ...opts }),
    getContact: (portalId: number, id: string) => call<RecordSnapshot>('GET', `/portals/${portalId}/contacts/${id}`),
    counters: (portalId: number) => call<{ requests: number; rateLimited: number; byRoute: Record<string, number> }>('GET', `/portals/${portalId}/counters`),
  };
}

let serial = 0;
/**
 * The tests' realistic mix (test/support/pipeline-probes.ts mixedInquiry): 3 in 5 care-ready, 1
 * nurture-type, 1 out of area. `ageDays` dates the inquiry in the past (an existing contact of the
 * practice); without it the inquiry is new.
 */
export function inquiry(i: number, ageDays?: number): Record<string, string> {
  const createdate = ageDays === undefined ? undefined : new Date(Date.now() - ageDays * DAY_MS).toISOString();
  const email = `bench.${++serial}.${randomBytes(3).toString('hex')}@example-mail.com`;
  const overrides: Record<string, string | null> =
    i % 5 === 3 ? { treatment_timeline: 'In 6+ months', message: 'Just researching options for now.', recent_conversion_event_name: 'Newsletter signup' }
      : i % 5 === 4 ? { zip: '99501', state: 'AK' } : {};
  return Object.fromEntries(Object.entries(buildContact({ email, ...(createdate ? { createdate } : {}), ...overrides })).filter((e): e is [string, string] => e[1] !== null));
}

/** Creates `count` contacts in the portal, 1,000 per control call. */
export async function createExistingContacts(control: ReturnType<typeof controlApi>, portalId: number, count: number, ageDays: (i: number) => number): Promise<void> {
  for (let i = 0; i < count; i += 1000) {
    await control.createContacts(portalId, Array.from({ length: Math.min(1000, count - i) }, (_, k) => inquiry(i + k, ageDays(i + k))));
  }
}

export interface PipelineStack {
  baseUrl: string;
  control: ReturnType<typeof controlApi>;
  web: Runtime;
  /** Starts one `carequal worker` process and resolves once it is ready. */
  startWorker(): Promise<{ child: ChildProcess; port: number }>;
  /** Sums a Prometheus counter of a worker process. */
  scrapeCounter(port: number, metric: string): Promise<number>;
  /** CPU seconds (user + system) the sandbox process has used so far. */
  sandboxCpuS(): number | undefined;
  stop(): Promise<void>;
  /** Kills every child at once (a run that overran its time), so none outlives this process. */
  abort(): void;
}

/** CPU seconds (user + system) of a process so far, from /proc (Linux); undefined elsewhere. */
export function cpuSecondsOf(pid: number | undefined): number | undefined {
  try {
    // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th, in clock ticks (100/s).
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

/** Starts Redis, a scratch database, the sandbox and the web role; workers start on demand. */
export async function startPipelineStack(opts: StackOptions): Promise<PipelineStack> {
  const children: ChildProcess[] = [];
  const cleanups: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGTERM');
    await Promise.all(children.map(exited));
    for (const cleanup of cleanups.reverse()) await cleanup().catch((e: unknown) => console.error('cleanup failed:', e instanceof Error ? e.message : e));
  };
  try {
    const pgServer = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
    const redis = await startPrivateRedis();
    cleanups.push(redis.stop);
    const database = await createScratchDatabase(pgServer, 'carequal_bench');
    cleanups.push(database.drop);
    const sandbox = await startSandboxProcess(opts);
    children.push(sandbox.child);
    const control = controlApi(sandbox.url);

    const webPort = await freeTcpPort();
    const baseUrl = `http://127.0.0.1:${webPort}`;
    // /metrics is never anonymous on PORT: the bench's processes serve it to this bearer token.
    const metricsToken = randomBytes(24).toString('hex');
    const env: Record<string, string> = {
      NODE_ENV: 'production', PUBLIC_BASE_URL: baseUrl, HOST: '127.0.0.1',
      HUBSPOT_CLIENT_ID: 'carequal-bench', HUBSPOT_CLIENT_SECRET: `bench-${randomBytes(12).toString('hex')}`, HUBSPOT_APP_ID: String(APP_ID),
      HUBSPOT_API_BASE_URL: sandbox.url, HUBSPOT_AUTH_BASE_URL: sandbox.url, REDIS_URL: redis.url, DATABASE_URL: database.url,
      TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('hex'), AUDIT_HMAC_KEY: randomBytes(32).toString('hex'), SESSION_SECRET: randomBytes(32).toString('hex'),
      LOG_LEVEL: 'warn', LOG_FORMAT: 'json', WORKER_CONCURRENCY: '4', METRICS_TOKEN: metricsToken,
    };
    await control.registerApp({
      appId: APP_ID, clientId: env.HUBSPOT_CLIENT_ID, clientSecret: env.HUBSPOT_CLIENT_SECRET, ...oauthFromHubSpotProject(baseUrl),
      webhookTargetUrl: `${baseUrl}/webhooks/hubspot`, subscriptions: subscriptionsFromHubSpotProject(),
    });
    const web = await startRuntime(loadConfig({ ...env, PORT: String(webPort) }), 'web', createSilentLogger(), composeFeatures());
    cleanups.push(() => web.stop());

    const startWorker = async (): Promise<{ child: ChildProcess; port: number }> => {
      const port = await freeTcpPort();
      // BENCH_WORKER_NODE_ARGS profiles the workers, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
      const child = spawnCareQual(['worker'], { ...env, PORT: String(port) }, process.env.BENCH_WORKER_NODE_ARGS?.split(' ').filter(Boolean));
      child.stderr!.on('data', (c: Buffer) => process.stderr.write(`[worker] ${c.toString()}`));
      child.stdout!.on('data', (c: Buffer) => {
        const text = c.toString();
        if (/"level":"(error|warn)"/.test(text)) process.stderr.write(`[worker] ${text}`);
      });
      children.push(child);
      // A deadline, not a count of tries: under load 20 a tsx-compiled worker took over 30 s to start.
      for (const deadline = Date.now() + WORKER_READY_TIMEOUT_MS; Date.now() < deadline; ) {
        if (await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok, () => false)) return { child, port };
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`worker did not become ready within ${WORKER_READY_TIMEOUT_MS} ms`);
    };
    const scrapeCounter = async (port: number, metric: string): Promise<number> => {
      const text = await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } }).then((r) => r.text(), () => '');
      return text.split('\n').filter((l) => l.startsWith(metric)).reduce((n, l) => n + Number(l.split(' ').pop()), 0);
    };
    const abort = () => {
      for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    };
    return { baseUrl, control, web, startWorker, scrapeCounter, sandboxCpuS: () => cpuSecondsOf(sandbox.child.pid), stop, abort };
  } catch (error) {
    await stop();
    throw error;
  }
}

export function round(n: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
