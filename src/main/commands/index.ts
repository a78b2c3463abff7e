import type { Command } from 'commander';
import { registerAuditCommands } from './audit.command';
import { registerEffectivenessCommands } from './effectiveness.command';
import { registerMigrateCommand } from './migrate.command';
import { registerPipelineCommands } from './pipeline.command';
import { registerRoleCommands } from './roles.command';
import { registerTenancyCommands } from './tenancy.command';

/** Adds a group of subcommands to the `carequal` program. */
export type CommandRegistrar = (program: Command) => void;

/** Every `carequal` subcommand, one registrar per feature. */
export const COMMANDS: readonly CommandRegistrar[] = [registerRoleCommands, registerMigrateCommand, registerAuditCommands, registerTenancyCommands, registerPipelineCommands, registerEffectivenessCommands];
