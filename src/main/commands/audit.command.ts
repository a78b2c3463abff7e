import type { TenantId } from '../../app/ports/ids';
import { createWriteStream, readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { InvalidArgumentError, type Command } from 'commander';
import { createAuditExportStream, AUDIT_EXPORT_FORMATS, type AuditExportFormat } from '../../adapters/db/audit-export';
import { openDatabase, type Database } from '../../adapters/db/database';
import { migrate } from '../../adapters/db/migrator';
import { exportAuditEntries, parseSavedHeads, verifyAuditLog, type AuditToolContext } from '../../app/audit/audit-tools';
import type { AuditVerification, ExpectedAuditHead } from '../../app/audit/audit-trail.port';
import type { Config } from '../../config/config';
import { createMetrics } from '../../observability/metrics';
import { createAuditLog, purgeExpiredAuditLog } from '../audit.wiring';
import { loadEnvironmentConfig } from '../environment';
import { EXIT } from '../exit-codes';
import { parsePortalId } from './cli-arguments';

/**
 * Exit code of `carequal audit verify` (and `purge-expired`) when a chain is broken: distinct
 * from 1 (the command itself failed) and 64 (bad command line), so a scheduler can alert on it.
 */
export const EXIT_AUDIT_CHAIN_BROKEN = 3;

const CLI_ACTOR: AuditToolContext = { actor: { kind: 'system', role: 'cli' } };

/**
 * `carequal audit verify|export|purge-expired`: the compliance tools from the command line.
 * Each use is itself audited (audit.verified, audit.exported, audit.purged) as the CLI actor.
 * Nothing but the export goes to stdout when exporting there.
 */
export function registerAuditCommands(program: Command): void {
  const audit = program.command('audit').description('verify, export and purge the tamper-evident audit log');

  audit
    .command('verify')
    .description(`recompute every MAC of the audit chains; exit 0 when intact, ${EXIT_AUDIT_CHAIN_BROKEN} with the first broken entry otherwise`)
    .option('--portal <id>', 'verify only this HubSpot portal (default: every portal, and installed portals without a chain)', parsePortalId)
    .option('--expect-heads <file>', 'heads saved from an earlier verify ("head portal …" lines): fail when a chain is behind or rewrites them')
    .action(async (opts: { portal?: TenantId; expectHeads?: string }, cmd: Command) => {
      const expectHeads = opts.expectHeads === undefined ? undefined : readSavedHeads(opts.expectHeads, cmd);
      await withAuditLog(async ({ log }) => {
        try {
          await verifyAuditLog({ trail: log, audit: log }, CLI_ACTOR, opts.portal, { expectHeads, report: printVerification });
        } catch (error) {
          // The result is printed and the exit code set before verify records itself: a failing record changes neither.
          if (process.exitCode !== EXIT_AUDIT_CHAIN_BROKEN) throw error;
          process.stderr.write(`could not record audit.verified: ${(error as { code?: string }).code ?? (error as Error).name}\n`);
        }
      });
    });

  audit
    .command('export')
    .description('export one portal’s audit entries as CSV (RFC 4180) or JSON Lines, streamed')
    .requiredOption('--portal <id>', 'HubSpot portal id', parsePortalId)
    .requiredOption('--format <format>', `${AUDIT_EXPORT_FORMATS.join(' or ')}`, parseFormat)
    .option('--from <iso>', 'entries at or after this time (ISO 8601, e.g. 2026-01-01 or 2026-01-01T00:00:00Z)', parseIsoTime)
    .option('--to <iso>', 'entries before this time (ISO 8601)', parseIsoTime)
    .option('--out <file>', 'write to this file instead of stdout')
    .action(async (opts: { portal: TenantId; format: AuditExportFormat; from?: Date; to?: Date; out?: string }, cmd: Command) => {
      if (opts.from && opts.to && opts.from >= opts.to) cmd.error("error: option '--from' must be before '--to'", { exitCode: 64, code: 'audit.invalid_range' });
      await withAuditLog(async ({ log }) => {
        const filter = { portalId: opts.portal, from: opts.from, to: opts.to };
        const { entries } = await exportAuditEntries({ trail: log, audit: log }, CLI_ACTOR, filter, (rows) =>
          pipeline(createAuditExportStream(rows, opts.format), opts.out ? createWriteStream(opts.out) : stdoutKeepOpen()),
        );
        if (opts.out) process.stdout.write(`exported ${entries} entries to ${opts.out}\n`);
      });
    });

  audit
    .command('purge-expired')
    .description('remove whole calendar months older than AUDIT_RETENTION_MONTHS, leaving a verifiable checkpoint')
    .option('--portal <id>', 'purge only this HubSpot portal (default: every portal)', parsePortalId)
    .action(async (opts: { portal?: TenantId }) => {
      await withAuditLog(async ({ config, db }) => {
        const report = await purgeExpiredAuditLog({ config, db, metrics: createMetrics() }, CLI_ACTOR.actor, { portalId: opts.portal, now: new Date() });
        for (const p of report.purged) {
          process.stdout.write(`portal ${p.portalId}: purged ${p.entriesPurged} entries (seq ≤ ${p.lastSeq}, before ${p.purgedBefore.toISOString()})\n`);
        }
        for (const b of report.refused) process.stdout.write(`portal ${b.portalId}: NOT purged, chain broken at entry ${b.seq}: ${b.problem}\n`);
        if (report.purged.length === 0 && report.refused.length === 0) process.stdout.write('nothing has expired\n');
        if (report.refused.length > 0) process.exitCode = EXIT_AUDIT_CHAIN_BROKEN;
      });
    });
}

/** Prints a verification and sets the exit code; runs before anything is appended. */
function printVerification(result: AuditVerification): void {
  for (const p of result.portalsWithoutChain ?? []) process.stdout.write(`installed portal ${p} has no audit chain at all\n`);
  if (result.broken) {
    const b = result.broken;
    process.stdout.write(`audit log BROKEN: portal ${b.portalId} entry ${b.seq}: ${b.problem} (${b.detail})\n`);
    process.exitCode = EXIT_AUDIT_CHAIN_BROKEN;
    return;
  }
  process.stdout.write(`audit log intact: ${result.portalsChecked} portal(s), ${result.entriesChecked} entries verified\n`);
  // Keep these heads outside the database and pass them back with --expect-heads: a chain behind them lost its end.
  for (const h of result.heads) process.stdout.write(`head portal ${h.portalId} seq ${h.seq} mac ${h.mac}\n`);
}

function readSavedHeads(file: string, cmd: Command): ExpectedAuditHead[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    cmd.error(`error: option '--expect-heads' cannot read ${file}: ${(error as { code?: string }).code ?? 'unreadable'}`, { exitCode: EXIT.usage, code: 'audit.invalid_heads' });
  }
  try {
    return parseSavedHeads(text);
  } catch (error) {
    cmd.error(`error: option '--expect-heads' ${file}: ${(error as Error).message}`, { exitCode: EXIT.usage, code: 'audit.invalid_heads' });
  }
}

async function withAuditLog(fn: (ctx: { config: Config; db: Database; log: ReturnType<typeof createAuditLog> }) => Promise<void>): Promise<void> {
  const config = loadEnvironmentConfig();
  const db = await openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR });
  try {
    await migrate(db);
    await fn({ config, db, log: createAuditLog({ config, db, metrics: createMetrics() }) });
  } finally {
    await db.close();
  }
}

/** stdout as a pipeline destination that is not closed at the end (the process still writes to it). */
function stdoutKeepOpen(): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      if (process.stdout.write(chunk)) callback();
      else process.stdout.once('drain', () => callback());
    },
  });
}


function parseFormat(value: string): AuditExportFormat {
  if (!(AUDIT_EXPORT_FORMATS as readonly string[]).includes(value)) throw new InvalidArgumentError(`must be ${AUDIT_EXPORT_FORMATS.join(' or ')}`);
  return value as AuditExportFormat;
}

/** A date (UTC midnight) or a date-time with an explicit offset: never a local-time guess. */
function parseIsoTime(value: string): Date {
  const iso = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/;
  const time = Date.parse(value);
  if (!iso.test(value) || Number.isNaN(time)) throw new InvalidArgumentError('must be an ISO 8601 date or date-time with Z or an offset, e.g. 2026-01-01 or 2026-01-01T08:00:00Z');
  return new Date(time);
}
