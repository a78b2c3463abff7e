import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import { startHubSpotSandbox, type HubSpotSandbox } from './hubspot-sandbox';

const number = (value: string): number => {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0) throw new InvalidArgumentError('expected a non-negative number');
  return parsed;
};

/**
 * Starts the HubSpot sandbox as its own process (for the demo and benchmarks) and prints
 * its URL: `npx tsx sandbox/cli.ts --port 4010`, or `node dist/sandbox/cli.js` after a build.
 * Resolves with the running sandbox; SIGINT/SIGTERM close it.
 */
export async function runSandboxCli(argv: string[], print: (line: string) => void = (l) => console.log(l)): Promise<HubSpotSandbox> {
  const program = new Command('hubspot-sandbox')
    .description('Local HubSpot sandbox speaking HubSpot\'s wire protocol (OAuth, CRM, signed webhooks)')
    .option('--port <port>', 'port to listen on (0 = random)', number, 4010)
    .option('--host <host>', 'interface to bind', '127.0.0.1')
    .option('--rate-limit <max>', 'requests per rolling window per portal', number, 110)
    .option('--rate-window-ms <ms>', 'rolling window length', number, 10_000)
    .option('--search-per-second <n>', 'CRM search requests per second per portal', number, 5)
    .option('--latency <ms>', 'fixed latency added to every API call', number, 0)
    .option('--jitter <ms>', 'random extra latency up to this many ms', number, 0)
    .option('--error-rate <share>', 'share of API calls answered with a 5xx (0..1)', number, 0)
    .option('--drop-rate <share>', 'share of API calls whose connection is dropped (0..1)', number, 0)
    .option('--webhook-batch-ms <ms>', 'how long webhook events wait to be batched', number, 50)
    .option('--webhook-retry-ms <ms>', 'fixed back-off between webhook retries (default: HubSpot-like exponential)', number)
    .option('--webhook-timeout-ms <ms>', 'webhook request timeout', number, 5000)
    .option('--duplicate-rate <share>', 'share of webhook deliveries sent twice', number, 0)
    .option('--seed <n>', 'seed for injected randomness', number)
    .option('--app <file>', 'register an app from a JSON file (appId, clientId, clientSecret, redirectUris, webhookTargetUrl, subscriptions, scopes)')
    .option('--json', 'print {"url": …} as one JSON line')
    .option('--quiet', 'do not log deliveries and installs');
  program.parse(argv, { from: 'user' });
  const o = program.opts<{
    port: number; host: string; rateLimit: number; rateWindowMs: number; searchPerSecond: number; latency: number; jitter: number;
    errorRate: number; dropRate: number; webhookBatchMs: number; webhookRetryMs?: number; webhookTimeoutMs: number; duplicateRate: number;
    seed?: number; app?: string; json?: boolean; quiet?: boolean;
  }>();
  const sandbox = await startHubSpotSandbox({
    port: o.port, host: o.host, rateLimit: { max: o.rateLimit, windowMs: o.rateWindowMs }, searchPerSecond: o.searchPerSecond,
    webhookBatchMs: o.webhookBatchMs, webhookRetryDelayMs: o.webhookRetryMs, webhookTimeoutMs: o.webhookTimeoutMs,
    webhookDuplicateRate: o.duplicateRate, seed: o.seed, log: o.quiet ? undefined : (line) => print(`[sandbox] ${line}`),
  });
  if (o.latency || o.jitter || o.errorRate || o.dropRate) {
    sandbox.setFaults({ '/crm/*': { latencyMs: o.latency, jitterMs: o.jitter, errorRate: o.errorRate, dropConnectionRate: o.dropRate } });
  }
  if (o.app) sandbox.registerApp(JSON.parse(readFileSync(o.app, 'utf8')));
  print(o.json ? JSON.stringify({ url: sandbox.url }) : `HubSpot sandbox listening on ${sandbox.url} (control API: ${sandbox.url}/_sandbox)`);
  return sandbox;
}

if (require.main === module) {
  runSandboxCli(process.argv.slice(2)).then((sandbox) => {
    const stop = () => void sandbox.close().then(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  }).catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
