import { LRUCache } from 'lru-cache';
import { tenantId } from '../../app/ports/ids';
import { AppError } from '../../app/errors';
import { actorFromLabel, actorLabel } from '../../app/actor-label';
import type { AuditActor } from '../../app/ports/audit-log.port';
import { systemClock, type Clock } from '../../app/ports/clock.port';
import type { CriteriaVersion, CriteriaVersionStore, CriteriaVersionSummary } from '../../app/ports/criteria-versions.port';
import type { PublishedCriteria } from '../../app/ports/tenancy.port';
import { criteriaHash, parseCriteria, type Criteria } from '../../core';
import type { Database, Queryable } from './database';

/** One saved criteria version (the port's domain type). */
export type CriteriaVersionRecord = CriteriaVersion;
export type { CriteriaVersionSummary };

/** Who did it, for the `created_by`/`published_by` columns, and the note saved with a version. */
export interface CriteriaChangeContext {
  actor: AuditActor;
  note?: string;
}

/**
 * How long a process serves a portal's published criteria from memory. Publishing in this
 * process invalidates at once; another process sees a publish (or rollback, or purge) at most
 * this long after it committed. Every result names the version that produced it, so a result
 * computed in that window is traceable to the rules it used.
 */
export const PUBLISHED_CACHE_TTL_MS = 5_000;
/**
 * At most this many portals' criteria in memory (least recently used leave first): an expired
 * entry stays until it is read again or pushed out, and each one keeps its compiled form alive
 * (215–265 KB a portal, measured: criteria, compiled rules and matchers, memos after 1–1,000
 * contacts), so 1,000 would hold ~250 MB in a worker whose heap is limited to 192 MB
 * (WORKER_NODE_OPTIONS). The TTL already makes every portal read and compile again each 5 s; a
 * portal pushed out early costs that read (~7 ms of CPU with the compile) a little sooner.
 */
export const PUBLISHED_CACHE_MAX_PORTALS = 200;

interface VersionRow {
  portal_id: number;
  version: number;
  document: unknown;
  content_hash: string;
  note: string | null;
  created_by: string;
  created_at: Date | string;
  published: boolean;
  /** Set on the live version's row by listVersions: when and by whom the pointer last moved to it. */
  published_at?: Date | string | null;
  published_by?: string | null;
}

const UNIQUE_VIOLATION = '23505';

/**
 * Immutable criteria versions per portal and the pointer to the live one. Saving stamps the
 * content hash of criteria the caller validated (the criteria use cases validate once per save);
 * publishing moves the pointer. Nothing is audited here: the use cases append the entries.
 */
export class CriteriaRepository implements CriteriaVersionStore {
  /** Expired entries leave on the next look-up or when the bound is reached (0 ms: no cache). */
  private readonly cache: LRUCache<number, { value: PublishedCriteria | undefined }> | undefined;

  constructor(
    private readonly db: Database,
    opts: { clock?: Clock; cacheTtlMs?: number; cacheMaxPortals?: number } = {},
  ) {
    const clock = opts.clock ?? systemClock;
    const ttl = opts.cacheTtlMs ?? PUBLISHED_CACHE_TTL_MS;
    this.cache = ttl > 0 ? new LRUCache({ ttl, ttlResolution: 0, max: opts.cacheMaxPortals ?? PUBLISHED_CACHE_MAX_PORTALS, perf: { now: () => clock.now().getTime() } }) : undefined;
  }

  /** Portals whose published criteria are held in memory (for tests: the cache stays bounded). */
  get cachedPortals(): number {
    return this.cache?.size ?? 0;
  }

  /** Saves validated criteria as the portal's next version (not yet live). */
  async saveVersion(portalId: number, criteria: Criteria, by: CriteriaChangeContext): Promise<CriteriaVersionRecord> {
    return this.insertVersion(this.db, portalId, criteria, by);
  }

  /** Makes a saved version live (rollback is publishing an older one). Throws `criteria.version_not_found` for an unknown version. */
  async publishVersion(portalId: number, version: number, by: CriteriaChangeContext): Promise<CriteriaVersionSummary> {
    const record = await this.db.transaction(async (tx) => {
      const { rows } = await tx.query<VersionRow>(
        'SELECT portal_id, version, NULL AS document, content_hash, note, created_by, created_at, TRUE AS published FROM criteria_versions WHERE portal_id = $1 AND version = $2',
        [portalId, version],
      );
      if (!rows[0]) throw new AppError('criteria.version_not_found', `Portal ${portalId} has no criteria version ${version}`, { expose: true });
      await tx.query(
        `INSERT INTO criteria_published (portal_id, version, published_by, published_at) VALUES ($1, $2, $3, now())
         ON CONFLICT (portal_id) DO UPDATE SET version = EXCLUDED.version, published_by = EXCLUDED.published_by, published_at = now()`,
        [portalId, version, actorLabel(by.actor)],
      );
      return toSummary(rows[0]);
    });
    this.invalidate(portalId);
    return record;
  }

  /**
   * For the install flow, inside its transaction: when the portal has no published criteria,
   * saves `criteria` as a new version and publishes it. The install use case appends
   * `criteria.saved`/`criteria.published` after its transaction commits.
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

  /** Every version of a portal, newest first, without documents. */
  async listVersions(portalId: number): Promise<CriteriaVersionSummary[]> {
    const { rows } = await this.db.query<VersionRow>(
      `SELECT v.portal_id, v.version, NULL AS document, v.content_hash, v.note, v.created_by, v.created_at, (p.version = v.version) IS TRUE AS published,
              CASE WHEN p.version = v.version THEN p.published_at END AS published_at, CASE WHEN p.version = v.version THEN p.published_by END AS published_by
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
    const cached = this.cache?.get(portalId);
    if (cached) return cached.value;
    const record = await this.readPublished(this.db, portalId);
    const value = record && { portalId: tenantId(portalId), version: record.version, hash: record.hash, criteria: record.criteria };
    this.cache?.set(portalId, { value });
    return value;
  }

  /** Deletes every criteria version of the portal (uninstall). The audit log keeps what happened. */
  async purge(portalId: number, q: Queryable = this.db): Promise<number> {
    await q.query('DELETE FROM criteria_published WHERE portal_id = $1', [portalId]);
    const { rowCount } = await q.query('DELETE FROM criteria_versions WHERE portal_id = $1', [portalId]);
    this.invalidate(portalId);
    return rowCount;
  }

  private async insertVersion(q: Queryable, portalId: number, criteria: Criteria, ctx: CriteriaChangeContext): Promise<CriteriaVersionRecord> {
    const hash = criteriaHash(criteria);
    for (let attempt = 0; ; attempt++) {
      const { rows: next } = await q.query<{ version: number }>('SELECT COALESCE(MAX(version), 0) + 1 AS version FROM criteria_versions WHERE portal_id = $1', [portalId]);
      const version = Number(next[0]!.version);
      const stored: Criteria = { ...criteria, version: `v${version}` };
      try {
        const { rows } = await q.query<VersionRow>(
          `INSERT INTO criteria_versions (portal_id, version, document, content_hash, note, created_by) VALUES ($1, $2, $3, $4, $5, $6)
           RETURNING portal_id, version, NULL AS document, content_hash, note, created_by, created_at, FALSE AS published`,
          [portalId, version, JSON.stringify(stored), hash, ctx.note ?? null, actorLabel(ctx.actor)],
        );
        // The criteria were validated by the caller; the stored copy is not parsed a second time.
        return { ...toSummary(rows[0]!), criteria: stored };
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
    this.cache?.delete(portalId);
  }
}

function toSummary(row: VersionRow): CriteriaVersionSummary {
  return {
    portalId: tenantId(Number(row.portal_id)),
    version: Number(row.version),
    hash: row.content_hash,
    note: row.note ?? undefined,
    createdBy: actorFromLabel(row.created_by),
    createdAt: new Date(row.created_at),
    published: row.published === true,
    ...(row.published_at ? { liveSince: new Date(row.published_at) } : {}),
    ...(row.published_by ? { liveBy: actorFromLabel(row.published_by) } : {}),
  };
}

/** A stored document is parsed again on the way out: what the pipeline runs is always schema-valid. */
function toRecord(row: VersionRow): CriteriaVersionRecord {
  const doc = typeof row.document === 'string' ? (JSON.parse(row.document) as unknown) : row.document;
  return { ...toSummary(row), criteria: parseCriteria(doc) };
}
