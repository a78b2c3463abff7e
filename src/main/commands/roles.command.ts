import { InvalidArgumentError, type Command } from 'commander';
import { EXIT } from '../exit-codes';
import { createProcessLogger, loadEnvironmentConfig } from '../environment';
import { composeFeatures } from '../features';
import { startRuntime, type Role } from '../runtime';

const ROLES: ReadonlyArray<readonly [Role, string]> = [
  ['serve', 'run the web server and the queue workers in one process (a single box)'],
  ['web', 'run the web server only (webhooks, OAuth, console)'],
  ['worker', 'run the queue workers only (health and metrics are still served on PORT)'],
];

/** `carequal serve|web|worker`: run a long-lived process until SIGTERM/SIGINT. */
export function registerRoleCommands(program: Command): void {
  for (const [role, description] of ROLES) {
    program
      .command(role)
      .description(description)
      .option('-p, --port <port>', 'port to listen on (overrides PORT)', parsePort)
      .action(async (opts: { port?: number }) => {
        if (opts.port !== undefined) process.env.PORT = String(opts.port);
        await runRole(role);
      });
  }
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
