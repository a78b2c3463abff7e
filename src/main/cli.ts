#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config/config';
import { COMMANDS } from './commands';
import { EXIT } from './exit-codes';

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
  for (const register of COMMANDS) register(program);
  return program;
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
