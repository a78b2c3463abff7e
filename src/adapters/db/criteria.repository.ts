import { AppError } from '../../app/errors';
import type { AuditActor, AuditEntryInput, AuditLog } from '../../app/ports/audit-log.port';
import { systemClock, type Clock } from '../../app/ports/clock.port';
import type { PublishedCriteria, PublishedCriteriaReader } from '../../app/ports/tenancy.port';
import { CriteriaValidationError, criteriaHash, parseCriteria, type Criteria } from '../../core';
import type { Database, Queryable } from './database';

/** One saved criteria version. */
export interface CriteriaVersionRecord {
  portalId: number;
  version: number;
  hash: string;
  criteria: Criteria;
  note: string | undefined;
  createdBy: string;
  createdAt: Date;
  published: boolean;
}

export type CriteriaVersionSummary = Omit<CriteriaVersionRecord, 'criteria'>;

/** Who did it, for the audit log and the `created_by`/`published_by` columns. */
export interface CriteriaChangeContext {
  actor: AuditActor;
  requestId?: string;
  note?: string;
}

/**
 * How long a process serves a portal's published criteria from memory. Publishing in this
 * process invalidates at once; another process sees a publish (or rollback, or purge) at most
 * this long after it committed. Every result names the version that produced it, so a result
 * computed in that window is traceable to the rules it used.
 */
export const PUBLISHED_CACHE_TTL_MS = 5_000;

interface VersionRow {
  portal_id: number;
  version: number;
  document: unknown;
  content_hash: string;
  note: string | null;
  created_by: string;
  created_at: Date | string;
  published: boolean;
}

const UNIQUE_VIOLATION = '23505';

/**
 * Immutable criteria versions per portal and the pointer to the live one. Saving validates with
 * the core's `parseCriteria` and stamps the content hash; publishing moves the pointer;
 * rollback is publishing an older version. Changes are audited through the AuditLog port after
 * they commit.
 */
export class CriteriaRepository implements PublishedCriteriaReader {
  private readonly cache = new Map<number, { value: PublishedCriteria | undefined; expiresAtMs: number }>();
  private readonly clock: Clock;
  private readonly cacheTtlMs: number;

  constructor(
    private readonly db: Database,
    private readonly audit: AuditLog,
    opts: { clock?: Clock; cacheTtlMs?: number } = {},
  ) {
    this.clock = opts.clock ?? systemClock;
    this.cacheTtlMs = opts.cacheTtlMs ?? PUBLISHED_CACHE_TTL_MS;
  }

  /** Validates and saves a new version (not yet live). Throws `criteria.invalid` with the issues. */
  async save(portalId: number, document: unknown, ctx: CriteriaChangeContext): Promise<CriteriaVersionRecord> {
    const saved = await this.insertVersion(this.db, portalId, document, ctx);
    await this.audit.append([this.entry(portalId, 'criteria.saved', saved, ctx)]);
    return saved;
  }

  /** Makes a saved version live. Throws `criteria.version_not_found` for an unknown version. */
  async publish(portalId: number, version: number, ctx: CriteriaChangeContext): Promise<CriteriaVersionRecord> {
    return this.movePointer(portalId, version, ctx, 'criteria.published');
  }

  /** Rollback is publishing an older version again; audited as such. */
  async rollback(portalId: number, version: number, ctx: CriteriaChangeContext): Promise<CriteriaVersionRecord> {
    return this.movePointer(portalId, version, ctx, 'criteria.rolled_back');
  }

  /**
   * For the install flow, inside its transaction: when the portal has no published criteria,
   * saves `criteria` as a new version and publishes it. Not audited here: the caller appends
   * `criteria.saved`/`criteria.published` after its transaction commits (see {@link auditEntriesFor}).
   */
  async publishIfNone(q: Queryable, portalId: number, criteria: Criteria, ctx: CriteriaChangeContext): Promise<{ created: boolean; record: CriteriaVersionRecord }> {
    const current = await this.readPublished(q, portalId);
    if (current) return { created: false, record: current };
    const saved = await this.insertVersion(q, portalId, criteria, ctx);
    await q.query(
      `INSERT INTO criteria_published (portal_id, version, published_by) VALUES ($1, $2, $3)
       ON CONFLICT (portal_id) DO NOTHING`,
      [portalId, saved.version, actorLabel(ctx.actor)],
    );
    this.invalidate(portalId);
    return { created: true, record: { ...saved, published: true } };
  }

  /** The audit entries of a change the caller committed itself. */
  auditEntriesFor(portalId: number, action: 'criteria.saved' | 'criteria.published', record: CriteriaVersionRecord, ctx: CriteriaChangeContext): AuditEntryInput {
    return this.entry(portalId, action, record, ctx);
  }

  /** Every version of a portal, newest first, without documents. */
  async listVersions(portalId: number): Promise<CriteriaVersionSummary[]> {
    const { rows } = await this.db.query<VersionRow>(
      `SELECT v.portal_id, v.version, NULL AS document, v.content_hash, v.note, v.created_by, v.created_at, (p.version = v.version) IS TRUE AS published
       FROM criteria_versions v LEFT JOIN criteria_published p ON p.portal_id = v.portal_id
       WHERE v.portal_id = $1 ORDER BY v.version DESC`,
      [portalId],
    );
    return rows.map(toSummary);
  }

  /** One version with its document; undefined when the portal has no such version. */
  async tryGetVersion(portalId: number, version: number): Promise<CriteriaVersionRecord | undefined> {
    const { rows } = await this.db.query<VersionRow>(
      `SELECT v.*, (p.version = v.version) IS TRUE AS published FROM criteria_versions v
       LEFT JOIN criteria_published p ON p.portal_id = v.portal_id WHERE v.portal_id = $1 AND v.version = $2`,
      [portalId, version],
    );
    return rows[0] && toRecord(rows[0]);
  }

  /** The live criteria, served from a short in-process cache (see PUBLISHED_CACHE_TTL_MS). */
  async tryGetPublished(portalId: number): Promise<PublishedCriteria | undefined> {
    const now = this.clock.now().getTime();
    const cached = this.cache.get(portalId);
    if (cached && cached.expiresAtMs > now) return cached.value;
    const record = await this.readPublished(this.db, portalId);
    const value = record && { portalId, version: record.version, hash: record.hash, criteria: record.criteria };
    this.cache.set(portalId, { value, expiresAtMs: now + this.cacheTtlMs });
    return value;
  }

  /** Deletes every criteria version of the portal (uninstall). The audit log keeps what happened. */
  async purge(portalId: number, q: Queryable = this.db): Promise<number> {
    await q.query('DELETE FROM criteria_published WHERE portal_id = $1', [portalId]);
    const { rowCount } = await q.query('DELETE FROM criteria_versions WHERE portal_id = $1', [portalId]);
    this.invalidate(portalId);
    return rowCount;
  }

  private async movePointer(portalId: number, version: number, ctx: CriteriaChangeContext, action: 'criteria.published' | 'criteria.rolled_back'): Promise<CriteriaVersionRecord> {
    const record = await this.db.transaction(async (tx) => {
      const { rows } = await tx.query<VersionRow>('SELECT *, TRUE AS published FROM criteria_versions WHERE portal_id = $1 AND version = $2', [portalId, version]);
      if (!rows[0]) throw new AppError('criteria.version_not_found', `Portal ${portalId} has no criteria version ${version}`, { expose: true });
      await tx.query(
        `INSERT INTO criteria_published (portal_id, version, published_by, published_at) VALUES ($1, $2, $3, now())
         ON CONFLICT (portal_id) DO UPDATE SET version = EXCLUDED.version, published_by = EXCLUDED.published_by, published_at = now()`,
        [portalId, version, actorLabel(ctx.actor)],
      );
      return toRecord(rows[0]);
    });
    this.invalidate(portalId);
    await this.audit.append([this.entry(portalId, action, record, ctx)]);
    return record;
  }

  private async insertVersion(q: Queryable, portalId: number, document: unknown, ctx: CriteriaChangeContext): Promise<CriteriaVersionRecord> {
    const criteria = validate(document);
    const hash = criteriaHash(criteria);
    for (let attempt = 0; ; attempt++) {
      const { rows: next } = await q.query<{ version: number }>('SELECT COALESCE(MAX(version), 0) + 1 AS version FROM criteria_versions WHERE portal_id = $1', [portalId]);
      const version = Number(next[0]!.version);
      const stored: Criteria = { ...criteria, version: `v${version}` };
      try {
        const { rows } = await q.query<VersionRow>(
          `INSERT INTO criteria_versions (portal_id, version, document, content_hash, note, created_by) VALUES ($1, $2, $3, $4, $5, $6)
           RETURNING *, FALSE AS published`,
          [portalId, version, JSON.stringify(stored), hash, ctx.note ?? null, actorLabel(ctx.actor)],
        );
        return toRecord(rows[0]!);
      } catch (error) {
        // Two saves for one portal raced for the same number; the loser takes the next one.
        if ((error as { code?: string }).code !== UNIQUE_VIOLATION || attempt >= 4 || q !== this.db) throw error;
      }
    }
  }

  private async readPublished(q: Queryable, portalId: number): Promise<CriteriaVersionRecord | undefined> {
    const { rows } = await q.query<VersionRow>(
      `SELECT v.*, TRUE AS published FROM criteria_published p JOIN criteria_versions v ON v.portal_id = p.portal_id AND v.version = p.version
       WHERE p.portal_id = $1`,
      [portalId],
    );
    return rows[0] && toRecord(rows[0]);
  }

  private invalidate(portalId: number): void {
    this.cache.delete(portalId);
  }

  private entry(portalId: number, action: AuditEntryInput['action'], record: CriteriaVersionRecord, ctx: CriteriaChangeContext): AuditEntryInput {
    return {
      portalId, action, actor: ctx.actor, objectType: 'criteria', objectId: `v${record.version}`, criteriaVersion: record.hash,
      outcome: 'success', ...(ctx.requestId ? { requestId: ctx.requestId } : {}),
    };
  }
}

function validate(document: unknown): Criteria {
  try {
    return parseCriteria(document);
  } catch (error) {
    if (error instanceof CriteriaValidationError) throw new AppError('criteria.invalid', error.message, { expose: true, cause: error });
    throw error;
  }
}

/** `user:<hubspot user id>`, `system:<role>` or `hubspot`: who saved or published. */
export function actorLabel(actor: AuditActor): string {
  if (actor.kind === 'user') return `user:${actor.hubspotUserId}`;
  if (actor.kind === 'system') return `system:${actor.role}`;
  return 'hubspot';
}

function toSummary(row: VersionRow): CriteriaVersionSummary {
  return {
    portalId: Number(row.portal_id),
    version: Number(row.version),
    hash: row.content_hash,
    note: row.note ?? undefined,
    createdBy: row.created_by,
    createdAt: new Date(row.created_at),
    published: row.published === true,
  };
}

/** A stored document is parsed again on the way out: what the pipeline runs is always schema-valid. */
function toRecord(row: VersionRow): CriteriaVersionRecord {
  const doc = typeof row.document === 'string' ? (JSON.parse(row.document) as unknown) : row.document;
  return { ...toSummary(row), criteria: parseCriteria(doc) };
}
