import { databaseEngines, openTestDatabase } from '../../../test/support/databases';
import type { AuditActor } from '../../app/ports/audit-log.port';
import { buildDefaultCriteria, buildSimplePointModelCriteria, criteriaHash } from '../../core';
import { CriteriaRepository } from './criteria.repository';
import type { Database } from './database';
import { migrate } from './migrator';

const admin: AuditActor = { kind: 'user', hubspotUserId: '501' };

describe.each(databaseEngines())('CriteriaRepository on %s', (engine) => {
  let db: Database;
  let now = new Date('2026-11-22T10:00:00Z');
  let repo: CriteriaRepository;

  beforeAll(async () => {
    db = await openTestDatabase(engine);
    await migrate(db);
    repo = new CriteriaRepository(db, { clock: { now: () => now }, cacheTtlMs: 5_000 });
  });
  afterAll(() => db.close());

  it('when saving, then versions count up per portal, carry the content hash, and nothing is live until published', async () => {
    const v1 = await repo.saveVersion(2001, buildDefaultCriteria(), { actor: admin, note: 'first' });
    const v2 = await repo.saveVersion(2001, buildSimplePointModelCriteria(), { actor: admin });
    const other = await repo.saveVersion(2002, buildDefaultCriteria(), { actor: admin });
    expect([v1.version, v2.version, other.version]).toEqual([1, 2, 1]);
    expect(v1.hash).toBe(criteriaHash(buildDefaultCriteria()));
    expect(v1.criteria.version).toBe('v1');
    expect(v1).toMatchObject({ note: 'first', createdBy: admin, published: false });
    expect(await repo.tryGetPublished(2001)).toBeUndefined();
    expect((await repo.tryGetVersion(2001, 1))?.createdBy).toEqual(admin);
  });

  it('when publishing then publishing an older version again, then the live version follows and the cache is invalidated', async () => {
    const v1 = await repo.saveVersion(2004, buildDefaultCriteria(), { actor: admin });
    const v2 = await repo.saveVersion(2004, buildSimplePointModelCriteria(), { actor: admin });
    await repo.publishVersion(2004, v1.version, { actor: admin });
    expect(await repo.tryGetPublished(2004)).toMatchObject({ version: 1, hash: v1.hash });
    await repo.publishVersion(2004, v2.version, { actor: admin });
    expect(await repo.tryGetPublished(2004)).toMatchObject({ version: 2, hash: v2.hash });
    await repo.publishVersion(2004, v1.version, { actor: admin });
    expect(await repo.tryGetPublished(2004)).toMatchObject({ version: 1 });
    expect((await repo.listVersions(2004)).map((v) => [v.version, v.published])).toEqual([[2, false], [1, true]]);
    await expect(repo.publishVersion(2004, 99, { actor: admin })).rejects.toMatchObject({ code: 'criteria.version_not_found' });
  });

  it('when another process publishes, then this process sees it once the cache TTL has passed', async () => {
    const v1 = await repo.saveVersion(2005, buildDefaultCriteria(), { actor: admin });
    const v2 = await repo.saveVersion(2005, buildSimplePointModelCriteria(), { actor: admin });
    await repo.publishVersion(2005, v1.version, { actor: admin });
    expect(await repo.tryGetPublished(2005)).toMatchObject({ version: 1 });
    const otherProcess = new CriteriaRepository(db);
    await otherProcess.publishVersion(2005, v2.version, { actor: admin });
    expect(await repo.tryGetPublished(2005)).toMatchObject({ version: 1 });
    now = new Date(now.getTime() + 5_001);
    expect(await repo.tryGetPublished(2005)).toMatchObject({ version: 2 });
  });

  it('when the portal has no criteria, then publishIfNone creates and publishes once; a second call changes nothing', async () => {
    const first = await db.transaction((tx) => repo.publishIfNone(tx, 2006, buildDefaultCriteria(), { actor: { kind: 'system', role: 'web' } }));
    const second = await db.transaction((tx) => repo.publishIfNone(tx, 2006, buildDefaultCriteria(), { actor: { kind: 'system', role: 'web' } }));
    expect(first).toMatchObject({ created: true, record: { version: 1, published: true, createdBy: { kind: 'system', role: 'web' } } });
    expect(second).toMatchObject({ created: false, record: { version: 1 } });
    expect(await repo.listVersions(2006)).toHaveLength(1);
  });

  it('when purged, then the portal has no versions and no live criteria; other portals keep theirs', async () => {
    const v = await repo.saveVersion(2007, buildDefaultCriteria(), { actor: admin });
    await repo.publishVersion(2007, v.version, { actor: admin });
    expect(await repo.purge(2007)).toBe(1);
    expect(await repo.tryGetPublished(2007)).toBeUndefined();
    expect(await repo.listVersions(2007)).toEqual([]);
    expect(await repo.listVersions(2001)).toHaveLength(2);
  });

  it('when more portals are read than the cache holds, then the least recently used leave it and are read again from the database', async () => {
    const small = new CriteriaRepository(db, { clock: { now: () => now }, cacheTtlMs: 60_000, cacheMaxPortals: 3 });
    const v1 = await small.saveVersion(2101, buildDefaultCriteria(), { actor: admin });
    await small.publishVersion(2101, v1.version, { actor: admin });
    for (const portalId of [2101, 2102, 2103, 2104, 2105]) await small.tryGetPublished(portalId);
    expect(small.cachedPortals).toBe(3);
    // 2101 left the cache: another process's publish shows at once, not after the TTL.
    const v2 = await repo.saveVersion(2101, buildSimplePointModelCriteria(), { actor: admin });
    await repo.publishVersion(2101, v2.version, { actor: admin });
    expect(await small.tryGetPublished(2101)).toMatchObject({ version: 2 });
  });
});
