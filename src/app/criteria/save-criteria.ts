import type { TenantId } from '../ports/ids';
import { criteriaHash, validateCriteria, type Criteria, type CriteriaIssue } from '../../core';
import type { ContactPropertyOption } from '../ports/crm-gateway.port';
import { requesterEntry, type CriteriaDeps, type CriteriaRequester } from './criteria-deps';
import { publishCriteria, type PublishOutcome, type RescoreChoice } from './publish-criteria';
import { baseDocument, listContactProperties, type CriteriaBase } from './read-criteria';

/** A criteria document as the editor submitted it, with what the form parser already found wrong. */
export interface CriteriaDraft {
  document: Record<string, unknown>;
  formIssues: readonly CriteriaIssue[];
  base: CriteriaBase;
  note?: string;
}

export type SaveOutcome =
  | { kind: 'invalid'; issues: CriteriaIssue[] }
  /** `unchanged`: the draft equals the newest version it was based on, so no version was added. */
  | { kind: 'saved' | 'unchanged'; version: number; published: PublishOutcome | undefined };

/**
 * Saves a draft as a new immutable version, validating it once (schema, then the portal's
 * property names), and publishes it when asked. Nothing is stored when anything is invalid.
 */
export async function saveCriteriaDraft(
  req: CriteriaRequester, draft: CriteriaDraft, then: { publish: boolean; rescore: RescoreChoice }, deps: CriteriaDeps,
): Promise<SaveOutcome> {
  const { version: _stamped, ...document } = draft.document;
  const validation = validateCriteria(document);
  const properties = await listContactProperties(req.portalId, deps);
  const issues = [...draft.formIssues, ...(validation.ok ? [] : validation.issues), ...unknownPropertyIssues(document, properties, baseDocument(draft.base))];
  if (!validation.ok || issues.length > 0) return { kind: 'invalid', issues };
  const criteria = validation.criteria;
  const unchanged = await isUnchanged(req.portalId, criteria, draft.base, deps);
  let version = draft.base.baseVersion;
  if (!unchanged) {
    version = (await storeCriteriaVersion(req, criteria, draft.note, deps)).version;
  }
  const published = then.publish ? await publishCriteria(req, version, then.rescore, deps) : undefined;
  return { kind: unchanged ? 'unchanged' : 'saved', version, published };
}

/** Stores already validated criteria as the portal's next version and records `criteria.saved`. */
export async function storeCriteriaVersion(req: CriteriaRequester, criteria: Criteria, note: string | undefined, deps: Pick<CriteriaDeps, 'versions' | 'audit'>): Promise<{ version: number }> {
  const saved = await deps.versions.saveVersion(req.portalId, criteria, { actor: req.actor, ...(note ? { note } : {}) });
  await deps.audit.append([requesterEntry(req, 'criteria.saved', { objectType: 'criteria', objectId: `v${saved.version}`, criteriaVersion: saved.hash })]);
  return saved;
}

/** Same content as the base, and the base is still the newest version: saving would only add a copy. */
async function isUnchanged(portalId: TenantId, criteria: Criteria, base: CriteriaBase, deps: Pick<CriteriaDeps, 'versions'>): Promise<boolean> {
  if (!base.criteria || criteriaHash(base.criteria) !== criteriaHash(criteria)) return false;
  return base.baseVersion === (await deps.versions.listVersions(portalId))[0]?.version;
}

/**
 * Newly mapped property names that the portal does not have (checked only when the list loaded).
 * Names already in the version being edited pass with a warning beside the field instead: the
 * playbook template maps properties a practice may not have created yet, and that must not
 * block every save.
 */
export function unknownPropertyIssues(doc: Record<string, unknown>, properties: readonly ContactPropertyOption[], base: Criteria): CriteriaIssue[] {
  if (properties.length === 0) return [];
  const known = new Set([...properties.map((p) => p.name), ...Object.values(base.propertyMap).flat()]);
  const map = doc.propertyMap;
  if (typeof map !== 'object' || map === null) return [];
  return Object.entries(map).flatMap(([key, names]) => (Array.isArray(names) ? names : []).flatMap((name, i) =>
    typeof name === 'string' && /^[a-z0-9_]{1,100}$/.test(name) && !known.has(name)
      ? [{ path: `propertyMap.${key}[${i}]`, message: 'is not a contact property in your HubSpot account' }] : []));
}
