import type { CriteriaRepository } from '../../db/criteria.repository';
import type { CriteriaStore } from './console.ports';

/** The console's view of the tenancy feature's criteria repository (which audits its own changes). */
export function adaptCriteriaRepository(repo: Pick<CriteriaRepository, 'listVersions' | 'tryGetVersion' | 'save' | 'publish' | 'rollback'>): CriteriaStore {
  return {
    async listVersions(portalId) {
      return (await repo.listVersions(portalId)).map((v) => ({ version: v.version, contentHash: v.hash, note: v.note, createdBy: v.createdBy, createdAt: v.createdAt }));
    },
    async tryGetVersion(portalId, version) {
      const v = await repo.tryGetVersion(portalId, version);
      return v && { version: v.version, contentHash: v.hash, note: v.note, createdBy: v.createdBy, createdAt: v.createdAt, criteria: v.criteria };
    },
    async saveVersion(portalId, criteria, change) {
      const v = await repo.save(portalId, criteria, change);
      return { version: v.version, contentHash: v.hash, note: v.note, createdBy: v.createdBy, createdAt: v.createdAt };
    },
    async publish(portalId, version, change) {
      await repo.publish(portalId, version, change);
    },
    async rollback(portalId, version, change) {
      await repo.rollback(portalId, version, change);
    },
    async tryGetPublishedPointer(portalId) {
      const live = (await repo.listVersions(portalId)).find((v) => v.published);
      return live && { version: live.version };
    },
  };
}
