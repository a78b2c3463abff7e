import type { TenantId } from '../../src/app/ports/ids';
import { AppError } from '../../src/app/errors';
import type { BackfillRun } from '../../src/app/backfill';
import type { CriteriaDeps } from '../../src/app/criteria/criteria-deps';
import type { AuditActor } from '../../src/app/ports/audit-log.port';
import type { CriteriaVersion, CriteriaVersionStore } from '../../src/app/ports/criteria-versions.port';
import { criteriaHash, type Criteria } from '../../src/core';
import { InMemoryCrm, RecordingAuditLog } from './pipeline.fakes';

/**
 * Criteria versions in memory with the table's semantics: numbers count up per portal, a saved
 * version is immutable, one is live. It trusts what it is given, like the repository: the
 * use cases validate.
 */
export class InMemoryCriteriaVersions implements CriteriaVersionStore {
  readonly versions: CriteriaVersion[] = [];
  readonly live = new Map<number, number>();
  /** Every criteria document saveVersion received (to prove what the use case passed on). */
  readonly saved: Criteria[] = [];

  async listVersions(portalId: TenantId) {
    return this.versions.filter((v) => v.portalId === portalId).map(({ criteria: _c, ...v }) => ({ ...v, published: this.live.get(portalId) === v.version })).reverse();
  }
  async tryGetVersion(portalId: TenantId, version: number) {
    const v = this.versions.find((x) => x.portalId === portalId && x.version === version);
    return v && { ...v, published: this.live.get(portalId) === version };
  }
  async saveVersion(portalId: TenantId, criteria: Criteria, by: { actor: AuditActor; note?: string }) {
    this.saved.push(criteria);
    const version = this.versions.filter((v) => v.portalId === portalId).length + 1;
    const record: CriteriaVersion = {
      portalId, version, hash: criteriaHash(criteria), note: by.note, createdBy: by.actor, createdAt: new Date('2026-11-22T10:00:00Z'),
      published: false, criteria: { ...criteria, version: `v${version}` },
    };
    this.versions.push(record);
    return record;
  }
  async publishVersion(portalId: TenantId, version: number) {
    const found = await this.tryGetVersion(portalId, version);
    if (!found) throw new AppError('criteria.version_not_found', `no version ${version}`, { expose: true });
    this.live.set(portalId, version);
    const { criteria: _document, ...summary } = found;
    return { ...summary, published: true };
  }
  async tryGetPublished(portalId: TenantId) {
    const version = this.live.get(portalId);
    const found = version === undefined ? undefined : await this.tryGetVersion(portalId, version);
    return found && { portalId, version: found.version, hash: found.hash, criteria: found.criteria };
  }
}

/** Backfill runs in memory: what "Re-score all" creates, and the pages it asked to enqueue. */
export class InMemoryRuns {
  readonly runs: BackfillRun[] = [];
  readonly enqueued: Array<{ runId: string; page: number }> = [];
  async create(run: { id: string; portalId: TenantId; reason: string; requestedBy: AuditActor }): Promise<BackfillRun> {
    const created: BackfillRun = {
      ...run, status: 'running', afterCursor: null, pagesEnqueued: 0, contactsEnqueued: 0, contactsDone: 0, startedAt: new Date('2026-11-22T10:00:00Z'), finishedAt: null,
    };
    this.runs.push(created);
    return created;
  }
  async latestForPortal(portalId: TenantId) {
    return this.runs.filter((r) => r.portalId === portalId).at(-1);
  }
}

/** The criteria use cases' ports, all in memory, with handles on each. */
export function buildCriteriaDeps(opts: { properties?: string[]; now?: Date } = {}) {
  const versions = new InMemoryCriteriaVersions();
  const audit = new RecordingAuditLog();
  const crm = new InMemoryCrm();
  crm.propertyNames = opts.properties ?? [];
  const runs = new InMemoryRuns();
  const warnings: Array<{ message: string; meta: Record<string, unknown> }> = [];
  let runNumber = 0;
  const deps: CriteriaDeps = {
    versions, audit, crm, clock: { now: () => opts.now ?? new Date('2026-11-23T15:00:00Z') },
    rescore: { runs, audit, enqueueNextPage: async (runId, page) => void runs.enqueued.push({ runId, page }), newRunId: () => `run-${++runNumber}` },
    warn: (message, meta) => void warnings.push({ message, meta }),
  };
  return { deps, versions, audit, crm, runs, warnings };
}
