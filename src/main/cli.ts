#!/usr/bin/env node
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { openDatabase } from '../adapters/db/database';
import { migrate } from '../adapters/db/migrator';
import { ConfigError } from '../config/config';
import { EXIT } from './exit-codes';
import { createProcessLogger, loadEnvironmentConfig } from './environment';
import { composeFeatures } from './features';
import { startRuntime, type Role } from './runtime';

/**
 * The `carequal` command. Exit codes are listed in exit-codes.ts: 78 for bad configuration,
 * 64 for a bad command line, 69 when a dependency is unreachable at start, 124 when shutdown
 * overran its deadline.
 */
export function buildProgram(): Command {
  const program = new Command('carequal')
    .description('CareQual: lead qualification for medical practices, as a HubSpot app')
    .exitOverride()
    .showHelpAfterError();

  for (const [role, description] of [
    ['serve', 'run the web server and the queue workers in one process (a single box)'],
    ['web', 'run the web server only (webhooks, OAuth, console)'],
    ['worker', 'run the queue workers only (health and metrics are still served on PORT)'],
  ] as const) {
    program
      .command(role)
      .description(description)
      .option('-p, --port <port>', 'port to listen on (overrides PORT)', parsePort)
      .action(async (opts: { port?: number }) => {
        if (opts.port !== undefined) process.env.PORT = String(opts.port);
        await runRole(role);
      });
  }

  program
    .command('migrate')
    .description('apply pending database migrations and exit')
    .action(async () => {
      const config = loadEnvironmentConfig();
      const logger = createProcessLogger(config);
      const db = await openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR });
      try {
        const applied = await migrate(db);
        logger.info(applied.length ? 'migrations applied' : 'database already up to date', { engine: db.kind, applied });
      } finally {
        await db.close();
      }
    });
  return program;
}

async function runRole(role: Role): Promise<void> {
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

/** Runs the CLI and maps failures to exit codes. */
export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    if (error instanceof ConfigError) {
      process.stderr.write(`carequal: ${error.message}\n`);
      return EXIT.config;
    }
    process.stderr.write(`carequal: ${error instanceof Error ? error.message : 'unexpected error'}\n`);
    return EXIT.failure;
  }
}

if (require.main === module) {
  // Exit explicitly: a stopped runtime has closed everything it owns, and a library's stray
  // timer must not keep a supervisor waiting.
  void main(process.argv).then((code) => process.exit(code));
}
