import type { TenantId } from '../../app/ports/ids';
import { InvalidArgumentError, type Command } from 'commander';
import { DEFAULT_OUTCOME_SIGNALS, OutcomeSignalConfigSchema, type OutcomeSignalConfig } from '../../core';
import { installReferenceData } from '../../adapters/reference/reference-data.loader';
import { summarizeReport } from '../../app/effectiveness/effectiveness-summary';
import { runEffectiveness } from '../../app/effectiveness/run-effectiveness';
import { buildEffectivenessDeps } from '../effectiveness.wiring';
import { parsePortalId } from './cli-arguments';
import { withCliServices } from './cli-services';

/**
 * `carequal effectiveness run --portal N [--days D]`: computes a portal's effectiveness figures now
 * (the nightly job's work, on demand) and prints the headline, small cells shown as "<11".
 */
export function registerEffectivenessCommands(program: Command): void {
  const group = program.command('effectiveness').description('which leads became patients, how fast intake answered, what to change');
  group
    .command('run')
    .description('read the last days of scored inquiries from HubSpot and store the aggregate figures')
    .requiredOption('--portal <id>', 'HubSpot portal id', parsePortalId)
    .option('--days <n>', 'window in days (default 90)', parsePositive)
    .action(async (opts: { portal: TenantId; days?: number }) => {
      // The live version's leads are re-scored in memory (which rules fired): that needs the safety screen.
      installReferenceData();
      await withCliServices(async (services) => {
        const deps = buildEffectivenessDeps(services);
        const result = await runEffectiveness({ portalId: opts.portal, requestedBy: 'cli', actor: { kind: 'system', role: 'cli' }, windowDays: opts.days }, deps);
        process.stdout.write(`effectiveness run ${result.runId} for portal ${opts.portal}: ${result.contactsRead} contacts read in ${result.hubspotCalls} HubSpot searches\n`);
        for (const line of summarizeReport(result.report)) process.stdout.write(`${line}\n`);
      });
    });

  group
    .command('signals')
    .description('show, or with --set replace, what counts as "booked" and "first outreach" for a portal (JSON; unset keys take the defaults)')
    .requiredOption('--portal <id>', 'HubSpot portal id', parsePortalId)
    .option('--set <json>', 'e.g. {"bookedLifecycleStages":["customer"],"bookedProperty":{"name":"appointment_status","values":["attended"]}}', parseSignals)
    .action(async (opts: { portal: TenantId; set?: OutcomeSignalConfig }) => {
      await withCliServices(async (services) => {
        const { store } = buildEffectivenessDeps(services);
        if (opts.set) await store.saveSignals(opts.portal, opts.set);
        const current = (await store.tryGetSignals(opts.portal)) ?? DEFAULT_OUTCOME_SIGNALS;
        process.stdout.write(`${JSON.stringify(current, null, 2)}\n`);
      });
    });
}

/** Bad JSON or an unknown key is a usage error naming the problem (the values are property names, not PHI). */
function parseSignals(value: string): OutcomeSignalConfig {
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    throw new InvalidArgumentError('must be JSON');
  }
  const parsed = OutcomeSignalConfigSchema.safeParse(json);
  if (!parsed.success) throw new InvalidArgumentError(parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; '));
  return parsed.data;
}

function parsePositive(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n <= 0) throw new InvalidArgumentError('must be a positive whole number');
  return n;
}
