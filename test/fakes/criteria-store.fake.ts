import { criteriaHash, type Criteria } from '../../src/core';
import type { CriteriaStore, CriteriaVersionDocument, PublishedPointer } from '../../src/adapters/http/console/console.ports';

/**
 * In-memory criteria versions for console tests, with the real store's contract: immutable
 * versions numbered 1, 2, 3 per portal, publish points at one, newest first in lists.
 */
export class InMemoryCriteriaStore implements CriteriaStore {
  readonly versions = new Map<number, CriteriaVersionDocument[]>();
  readonly published = new Map<number, PublishedPointer>();

  async listVersions(portalId: number) {
    return [...(this.versions.get(portalId) ?? [])].reverse().map(({ criteria: _c, ...info }) => info);
  }

  async tryGetVersion(portalId: number, version: number) {
    const found = (this.versions.get(portalId) ?? []).find((v) => v.version === version);
    return found && { ...found, criteria: structuredClone(found.criteria) };
  }

  async saveVersion(portalId: number, criteria: Criteria, meta: { createdBy: string; note?: string }) {
    const list = this.versions.get(portalId) ?? [];
    const doc: CriteriaVersionDocument = {
      version: list.length + 1, contentHash: criteriaHash(criteria), note: meta.note, createdBy: meta.createdBy, createdAt: new Date(), criteria: structuredClone(criteria),
    };
    this.versions.set(portalId, [...list, doc]);
    const { criteria: _c, ...info } = doc;
    return info;
  }

  async publish(portalId: number, version: number, publishedBy: string) {
    if (!(this.versions.get(portalId) ?? []).some((v) => v.version === version)) throw new Error('no such version');
    this.published.set(portalId, { version, publishedBy, publishedAt: new Date() });
  }

  async tryGetPublishedPointer(portalId: number) {
    return this.published.get(portalId);
  }
}
