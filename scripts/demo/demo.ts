/**
 * `npm run demo`: the whole product on this machine in one command. Finds or starts Redis,
 * starts embedded PostgreSQL (PGlite) in a fresh data folder, the local HubSpot sandbox (50 ms
 * per call, like a real network) and CareQual (serve role: web + worker, in this process);
 * installs CareQual in a sandbox portal through the real OAuth redirect flow; creates sample
 * patient inquiries and shows, as the webhooks flow, what CareQual writes back onto each one.
 *
 *   npm run demo [-- --port 3000 --json out.json [--keep-serving] --keep-data --latency 50 --timeout 120
 *                   --hubspot-tier free|starter|professional|enterprise --sensitive-data on|off]
 *
 * The tier and Sensitive Data switch (defaults: enterprise, on) decide which scopes HubSpot grants
 * and so CareQual's data mode: sensitive only on Enterprise with Sensitive Data, standard elsewhere.
 *
 * With DATABASE_URL set, the demo uses that PostgreSQL instead of PGlite; with --keep-data it
 * writes its configuration to demo.env, so `carequal` commands can run against the same stack.
 *
 * Exit codes: 0 ok (with --json: every lead qualified); 1 leads not qualified in time or a
 * failure while running; 2 the environment (Redis, a port) does not allow starting.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { Redis } from 'ioredis';
import { installReferenceData } from '../../src/adapters/reference/reference-data.loader';
import { buildDefaultCriteria } from '../../src/core';
import { appServicesOf } from '../../src/main/app-services';
import { createLogger } from '../../src/observability/logger';
import type { AccountTier } from '../../sandbox/hubspot-sandbox';
import { findOrStartRedis, RedisUnavailableError, type LocalRedis } from '../../sandbox/local-redis';
import { buildLocalEnv, installThroughOAuth, PortInUseError, startSandboxedApp, type SandboxedApp } from '../local-stack/local-stack';
import { deleteKeysUnder } from './demo-cleanup';
import { seedHistory } from './demo-history';
import { buildDemoLeads, toFormValues } from './demo-leads';
import { readDemoResult, type DemoResults } from './demo-results';
import { LiveTable, type LiveRow } from './live-table';
import { printSummary } from './demo-summary';

const EXIT = { ok: 0, failure: 1, environment: 2 } as const;
const DEFAULT_PORT = 3000;
const LEAD_INTERVAL_MS = 300;
const POLL_MS = 100;

interface DemoOptions {
  port: number; sandboxPort: number; json?: string; keepServing: boolean; keepData: boolean; latency: number; timeout: number;
  hubspotTier: AccountTier; sensitiveData: boolean; history: number;
}

const TIERS: readonly AccountTier[] = ['free', 'starter', 'professional', 'enterprise'];

function parseTier(value: string): AccountTier {
  if (!(TIERS as readonly string[]).includes(value)) throw new InvalidArgumentError(`must be one of ${TIERS.join(', ')}`);
  return value as AccountTier;
}

function parseOnOff(value: string): boolean {
  if (value !== 'on' && value !== 'off') throw new InvalidArgumentError('must be on or off');
  return value === 'on';
}

function parsePort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('must be a TCP port number (0 = any free port)');
  return n;
}

function parseNonNegative(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError('must be a non-negative number');
  return n;
}

function parseOptions(argv: string[]): DemoOptions {
  const program = new Command('npm run demo --')
    .description('Run CareQual end to end on this machine against the local HubSpot sandbox')
    .option('-p, --port <port>', 'CareQual port on 127.0.0.1 (0 = any free port)', parsePort, DEFAULT_PORT)
    .option('--sandbox-port <port>', 'HubSpot sandbox port on 127.0.0.1 (0 = any free port)', parsePort, 0)
    .option('--json <file>', 'write the results to FILE and exit 0 once every sample lead is qualified')
    .option('--keep-serving', 'with --json: keep serving after writing the file, until Ctrl-C', false)
    .option('--keep-data', 'keep the demo data folder (embedded PostgreSQL, log, keys) after exit', false)
    .option('--latency <ms>', 'latency the sandbox adds to every HubSpot API call', parseNonNegative, 50)
    .option('--timeout <seconds>', 'give up when the leads are not all qualified after this long', parseNonNegative, 120)
    .option('--hubspot-tier <tier>', 'the sandbox account\'s HubSpot tier: free, starter, professional or enterprise', parseTier, 'enterprise')
    .option('--sensitive-data <on|off>', 'HubSpot Sensitive Data in the sandbox account (only effective on enterprise)', parseOnOff, true)
    .option('--history <n>', 'also seed N historical inquiries over the past 90 days with outcomes, and compute the effectiveness figures', parseNonNegative, 0)
    .showHelpAfterError();
  program.parse(argv);
  return program.opts<DemoOptions>();
}

/** Resolves at the first Ctrl-C (or SIGTERM): the demo then stops cleanly wherever it is. */
const stopRequested = new Promise<void>((resolve) => {
  process.once('SIGINT', resolve);
  process.once('SIGTERM', resolve);
});
let stopping = false;
void stopRequested.then(() => {
  stopping = true;
  process.on('SIGINT', () => process.exit(130)); // a second Ctrl-C does not wait for the clean stop
});

async function main(): Promise<number> {
  const opts = parseOptions(process.argv);
  const startedAt = Date.now();
  const say = (line: string) => process.stdout.write(`${line}\n`);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'carequal-demo-'));
  let redis: LocalRedis | undefined;
  let app: SandboxedApp | undefined;
  let keepData = opts.keepData;
  // Output piped into something that stops reading (`| head`) must not end the demo half-way.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
  process.once('exit', () => {
    if (!keepData) rmSync(dataDir, { recursive: true, force: true });
  });

  const cleanUp = async () => {
    await app?.stop().catch(() => undefined);
    if (app && !redis?.started) await deleteKeys(redis!.url, app.queuePrefix).catch(() => undefined);
    await redis?.stop().catch(() => undefined);
    if (keepData) say(`Demo data kept in ${dataDir} (carequal.log, embedded PostgreSQL in db/ unless DATABASE_URL was set, this run's configuration in demo.env).`);
    else rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    try {
      redis = await findOrStartRedis({ url: process.env.REDIS_URL, log: say });
    } catch (error) {
      if (error instanceof RedisUnavailableError) {
        process.stderr.write(`demo: ${error.message}\n`);
        return EXIT.environment;
      }
      throw error;
    }

    // DATABASE_URL set: the demo uses that PostgreSQL (then `carequal` commands can run beside it).
    const env = buildLocalEnv({ REDIS_URL: redis.url, LOG_LEVEL: 'info', DATA_DIR: path.join(dataDir, 'db'), DATABASE_URL: process.env.DATABASE_URL || undefined });
    const logFile = path.join(dataDir, 'carequal.log');
    const logger = createLogger({ level: 'info', format: 'json', stream: createWriteStream(logFile), secrets: [env.HUBSPOT_CLIENT_SECRET!] });
    try {
      app = await startSandboxedApp({
        port: opts.port,
        baseEnv: env,
        env: { DATA_DIR: env.DATA_DIR! },
        logger,
        queuePrefix: `demo${randomBytes(3).toString('hex')}`,
        sandbox: { port: opts.sandboxPort, webhookBatchMs: 50, webhookRetryDelayMs: 1000 },
      });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (error instanceof PortInUseError || code === 'EADDRINUSE') {
        const port = error instanceof PortInUseError ? error.port : opts.sandboxPort;
        process.stderr.write(`demo: port ${port} is already in use on 127.0.0.1. Stop what listens there or pick another: npm run demo -- --port <n> (0 = any free port).\n`);
        return EXIT.environment;
      }
      throw error;
    }
    if (opts.keepData) {
      writeFileSync(path.join(dataDir, 'demo.env'), envFile(env, app), { mode: 0o600 });
      say(`This run's configuration: ${path.join(dataDir, 'demo.env')} (for carequal commands: set -a; . that file; set +a)`);
    }
    say(`PostgreSQL: ${env.DATABASE_URL ? `${env.DATABASE_URL.replace(/\/\/[^@/]*@/, '//***@')} (DATABASE_URL)` : `embedded (PGlite) in ${env.DATA_DIR}`}; CareQual log: ${logFile}`);
    say(`HubSpot sandbox: ${app.sandbox.url} (every API call takes ${opts.latency} ms)`);
    say(`CareQual (web + worker): ${app.baseUrl}`);

    app.sandbox.setFaults(opts.latency > 0 ? { '/crm/*': { latencyMs: opts.latency }, '/oauth/*': { latencyMs: opts.latency } } : {});
    const { portalId } = await installThroughOAuth(app, undefined, { tier: opts.hubspotTier, sensitiveData: opts.sensitiveData });
    const dataMode = (await appServicesOf(app.runtime.services).installations.tryGetDataMode(portalId)) ?? 'standard';
    say(`Installed CareQual in sandbox portal ${portalId} (HubSpot ${opts.hubspotTier}, Sensitive Data ${opts.sensitiveData ? 'on' : 'off'}) through OAuth (install → HubSpot consent → callback); properties created, default criteria published.`);
    say(`Data mode: ${dataMode}${dataMode === 'standard' ? ' — CareQual writes scores, codes and neutral words only into this HubSpot account (no Sensitive Data there).' : ' — CareQual\'s properties are HubSpot Sensitive Data.'}`);

    const consoleUrl = `${app.baseUrl}/console`;
    const leads = buildDemoLeads();
    say(`\nCreating ${leads.length} patient inquiries in HubSpot; CareQual qualifies each one as its webhook arrives:\n`);
    const rows: LiveRow[] = leads.map((l) => ({ label: l.label }));
    installReferenceData();
    const table = new LiveTable(process.stdout, buildDefaultCriteria().businessHours.timeZone);
    const deadline = startedAt + opts.timeout * 1000;
    table.render(rows);

    const creating = (async () => {
      for (const [i, lead] of leads.entries()) {
        if (stopping) return;
        const [id] = await app!.sandbox.createContacts(portalId, [toFormValues(lead.properties)], { source: 'FORM', sourceId: 'form:patient-inquiry' });
        rows[i]!.contactId = id;
        await sleep(LEAD_INTERVAL_MS);
      }
    })();
    while (!stopping && Date.now() < deadline && rows.some((r) => !r.result)) {
      for (const row of rows) if (row.contactId && !row.result) row.result = readDemoResult(app.sandbox.getContact(portalId, row.contactId), row.label);
      table.render(rows);
      await sleep(POLL_MS);
    }
    await creating;
    table.render(rows);

    if (stopping) return EXIT.failure;
    const waiting = rows.filter((r) => !r.result);
    if (waiting.length) {
      keepData = true;
      const why = `${waiting.length} of ${rows.length} sample leads were not qualified within ${opts.timeout} s: ${waiting.map((r) => r.label).join('; ')}. See ${logFile}.`;
      process.stderr.write(`\ndemo: ${why}\n`);
      if (opts.json) return EXIT.failure;
    }

    const results: DemoResults = { portalId, consoleUrl, contacts: rows.flatMap((r) => (r.result ? [r.result] : [])), dataMode };
    if (opts.history > 0) {
      const { summary } = await seedHistory(app, portalId, Math.floor(opts.history), { deadlineMs: Date.now() + opts.timeout * 1000 + opts.history * 100, say });
      results.effectiveness = summary;
      for (const [band, c] of Object.entries(summary.byBand)) say(`  ${band}: ${c.booked} of ${c.qualified} booked (${Math.round((100 * c.booked) / Math.max(1, c.qualified))}%)`);
      say(`  speed to lead (median): ${summary.speedToLeadMedianMinutes === null ? '—' : `${Math.round(summary.speedToLeadMedianMinutes)} min`}; respond-by met: ${summary.respondByMetShare === null ? '—' : `${Math.round(summary.respondByMetShare * 100)}%`}`);
    }
    await printSummary(say, { results, sandbox: app.sandbox, audit: appServicesOf(app.runtime.services).audit, elapsedMs: Date.now() - startedAt, latency: opts.latency });
    if (opts.json) {
      // Written whole or not at all: a script may be waiting for the file to appear.
      writeFileSync(`${opts.json}.partial`, `${JSON.stringify(results, null, 2)}\n`);
      renameSync(`${opts.json}.partial`, opts.json);
      say(`Results written to ${opts.json}.`);
      if (!opts.keepServing) return EXIT.ok;
    }
    say(`\nServing until Ctrl-C.`);
    await stopRequested;
    say('\nStopping…');
    return EXIT.ok;
  } finally {
    await cleanUp();
  }
}

/** The configuration of this run, so a kept data folder can be inspected with the `carequal` CLI. */
function envFile(env: Record<string, string | undefined>, app: SandboxedApp): string {
  const lines = Object.entries({ ...env, PORT: String(app.config.PORT), PUBLIC_BASE_URL: app.baseUrl, HUBSPOT_API_BASE_URL: app.sandbox.url, HUBSPOT_AUTH_BASE_URL: app.sandbox.url, QUEUE_PREFIX: app.queuePrefix });
  return `${lines.filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${v}`).join('\n')}\n`;
}

/** Removes this run's keys from a Redis the demo did not start (it may be the user's own). */
async function deleteKeys(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: true });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await deleteKeysUnder(redis, prefix);
  } finally {
    redis.disconnect();
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`demo: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    process.exit(EXIT.failure);
  },
);
