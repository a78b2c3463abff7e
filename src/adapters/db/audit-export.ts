import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { StoredAuditEntry } from '../../app/audit/audit-trail.port';

export const AUDIT_EXPORT_FORMATS = ['csv', 'jsonl'] as const;
export type AuditExportFormat = (typeof AUDIT_EXPORT_FORMATS)[number];

/** CSV columns, in chain-field order. */
export const AUDIT_CSV_COLUMNS = [
  'portal_id', 'seq', 'occurred_at', 'actor_kind', 'actor_id', 'actor_role', 'actor_job_id', 'action', 'object_type', 'object_id',
  'property_names', 'criteria_version', 'outcome', 'error_code', 'request_id', 'job_id', 'prev_mac', 'mac', 'key_id',
] as const;

/** One JSONL line: every stored field, so the MAC chain can be re-checked from the export alone. */
export function toJsonlRecord(e: StoredAuditEntry): Record<string, unknown> {
  return { ...e, occurredAt: e.occurredAt.toISOString() };
}

/**
 * A spreadsheet opens a cell starting with = + - @ as a formula (CSV injection, OWASP). Ids may
 * start with '-', so such cells get a leading apostrophe in CSV; JSONL is the exact format.
 */
function neutralizeFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function toCsvRow(e: StoredAuditEntry): string[] {
  const text = (v: string | number | null) => (v === null ? '' : neutralizeFormula(String(v)));
  return [
    text(e.portalId), text(e.seq), e.occurredAt.toISOString(), e.actorKind, text(e.actorId), text(e.actorRole), text(e.actorJobId),
    e.action, text(e.objectType), text(e.objectId), e.propertyNames.join(';'), text(e.criteriaVersion), e.outcome, text(e.errorCode),
    text(e.requestId), text(e.jobId), e.prevMac, e.mac, e.keyId,
  ];
}

/**
 * Formats entries as a byte stream, pulling them one page at a time as the consumer reads
 * (backpressure all the way to the database, so six years never sit in memory). CSV is
 * RFC 4180 (CRLF, header row, quoting by csv-stringify); JSONL is one JSON object per line.
 */
export function createAuditExportStream(entries: AsyncIterable<StoredAuditEntry>, format: AuditExportFormat): Readable {
  if (format === 'jsonl') {
    return Readable.from(
      (async function* () {
        for await (const e of entries) yield JSON.stringify(toJsonlRecord(e)) + '\n';
      })(),
    );
  }
  const rows = Readable.from(
    (async function* () {
      for await (const e of entries) yield toCsvRow(e);
    })(),
  );
  const csv = stringify({ header: true, columns: [...AUDIT_CSV_COLUMNS], record_delimiter: 'windows' });
  rows.on('error', (error) => csv.destroy(error));
  return rows.pipe(csv);
}
