import cluster from 'node:cluster';
import { InvalidArgumentError, type Command } from 'commander';
import { ConfigError } from '../../config/config';
import { EXIT } from '../exit-codes';
import { createProcessLogger, loadEnvironmentConfig } from '../environment';
import type { Role } from '../runtime';

const ROLES: ReadonlyArray<readonly [Role, string]> = [
  ['serve', 'run the web server and the queue workers in one process (a single box)'],
  ['web', 'run the web server only (webhooks, OAuth, console)'],
  ['worker', 'run the queue workers only (health and metrics are still served on PORT)'],
];

/**
 * `carequal serve|web|worker`: run a long-lived process until SIGTERM/SIGINT. The runtime and its
 * features (express, the console, WebAuthn, …) load only when a role runs, so the one-shot
 * commands start without them: `carequal audit export` with a usage error loaded 1,445 modules
 * in 1.8–1.9 s of CPU, and 822 in 1.3 s once this was lazy (swc build, node 20, load 19).
 */
export function registerRoleCommands(program: Command): void {
  for (const [role, description] of ROLES) {
    const command = program
      .command(role)
      .description(description)
      .option('-p, --port <port>', 'port to listen on (overrides PORT)', parsePort);
    if (role === 'web') command.option('--processes <n>', 'web processes sharing the port (node:cluster; needs DATABASE_URL)', parseProcesses, 1);
    command.action(async (opts: { port?: number; processes?: number }) => {
      if (opts.port !== undefined) process.env.PORT = String(opts.port);
      if ((opts.processes ?? 1) > 1 && cluster.isPrimary) await runPrimary(opts.processes!);
      else await runRole(role);
    });
  }
}

/** `carequal web --processes N`: checks the configuration once, then runs N copies (see runClusterPrimary). */
async function runPrimary(processes: number): Promise<void> {
  const config = loadEnvironmentConfig();
  // PGlite is an in-process database over one data directory: it cannot be opened by two processes.
  if (!config.DATABASE_URL) throw new ConfigError([{ variable: 'DATABASE_URL', expected: 'a postgres:// connection URL when --processes is above 1 (PGlite serves one process only)' }]);
  const { runClusterPrimary } = await import('../cluster.js');
  process.exitCode = await runClusterPrimary(processes, createProcessLogger(config));
}

async function runRole(role: Role): Promise<void> {
  const [{ metricsPortOfCopy }, { composeFeatures }, { startRuntime }] = await Promise.all([import('../cluster.js'), import('../features.js'), import('../runtime.js')]);
  const metricsPort = cluster.isWorker ? metricsPortOfCopy(process.env) : undefined;
  if (metricsPort !== undefined) process.env.METRICS_PORT = metricsPort;
  const config = loadEnvironmentConfig();
  const logger = createProcessLogger(config);
  let runtime;
  try {
    runtime = await startRuntime(config, role, logger, composeFeatures());
  } catch (error) {
    logger.error('start-up failed', { error });
    process.exitCode = EXIT.unavailable;
    return;
  }
  await new Promise<void>((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      logger.info('shutting down', { signal, deadlineMs: config.SHUTDOWN_TIMEOUT_MS });
      const overrun = setTimeout(() => {
        logger.error('shutdown overran its deadline; exiting');
        process.exit(EXIT.shutdownTimeout);
      }, config.SHUTDOWN_TIMEOUT_MS + 2000);
      overrun.unref();
      void runtime.stop().then(() => {
        logger.info('stopped cleanly');
        resolve();
      });
    };
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  });
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError('must be a TCP port number (0–65535)');
  return port;
}

function parseProcesses(value: string): number {
  const n = Number(value);
  if (!/^[1-9][0-9]?$/.test(value) || n > 64) throw new InvalidArgumentError('must be a whole number from 1 to 64');
  return n;
}
