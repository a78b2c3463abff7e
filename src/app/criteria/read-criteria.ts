import type { TenantId } from '../ports/ids';
import { buildDefaultCriteria, type Criteria } from '../../core';
import { AppError } from '../errors';
import type { CriteriaVersionSummary } from '../ports/criteria-versions.port';
import type { ContactPropertyOption } from '../ports/crm-gateway.port';
import { noSuchVersion } from './choose-criteria';
import { describeCriteriaChanges, type CriteriaChangeInWords } from './criteria-diff-words';
import { requesterEntry, type CriteriaDeps, type CriteriaRequester } from './criteria-deps';

/** What an edit starts from: a saved version of the portal, or (0) the playbook template. */
export interface CriteriaBase {
  baseVersion: number;
  /** undefined: no version saved yet, the template is the starting point. */
  criteria: Criteria | undefined;
}

/** The starting point's document: the version's criteria or the template. */
export const baseDocument = (base: CriteriaBase): Criteria => base.criteria ?? buildDefaultCriteria();

/** The version an edit builds on (0: the template); a version the portal lacks is a 404. */
export async function readCriteriaBase(portalId: TenantId, baseVersion: number, deps: Pick<CriteriaDeps, 'versions'>): Promise<CriteriaBase> {
  if (baseVersion === 0) return { baseVersion, criteria: undefined };
  const found = await deps.versions.tryGetVersion(portalId, baseVersion);
  if (!found) throw noSuchVersion();
  return { baseVersion, criteria: found.criteria };
}

/**
 * The version the editor opens without a `from`: the newest draft while one is being worked on,
 * but the live version once it was published or rolled back to after that draft was saved (a
 * rollback must not reopen the draft it abandoned; issue 19); the template when nothing is saved.
 */
export function defaultEditorVersion(versions: readonly CriteriaVersionSummary[]): number {
  const newest = versions[0];
  const live = versions.find((v) => v.published);
  if (!newest) return 0;
  if (!live || live === newest) return newest.version;
  return live.liveSince && live.liveSince.getTime() >= newest.createdAt.getTime() ? live.version : newest.version;
}

/** Opens the editor on version `from` (default: {@link defaultEditorVersion}); audited as criteria.viewed. */
export async function openCriteriaEditor(req: CriteriaRequester, from: number | undefined, deps: Pick<CriteriaDeps, 'versions' | 'audit'>): Promise<CriteriaBase> {
  const baseVersion = from ?? defaultEditorVersion(await deps.versions.listVersions(req.portalId));
  const base = await readCriteriaBase(req.portalId, baseVersion, deps);
  await deps.audit.append([requesterEntry(req, 'criteria.viewed', { objectType: 'criteria', ...(baseVersion ? { objectId: `v${baseVersion}` } : {}) })]);
  return base;
}

/** Field-level differences between two versions of the portal, in words; audited as criteria.viewed of `to`. */
export async function diffCriteriaVersions(req: CriteriaRequester, from: number, to: number, deps: Pick<CriteriaDeps, 'versions' | 'audit'>): Promise<CriteriaChangeInWords[]> {
  const [a, b] = await Promise.all([deps.versions.tryGetVersion(req.portalId, from), deps.versions.tryGetVersion(req.portalId, to)]);
  if (!a || !b) throw noSuchVersion();
  await deps.audit.append([requesterEntry(req, 'criteria.viewed', { objectType: 'criteria', objectId: `v${to}` })]);
  return describeCriteriaChanges(a.criteria, b.criteria);
}

/** The portal's contact properties for the mapping picker; an unreachable HubSpot leaves the list empty. */
export async function listContactProperties(portalId: TenantId, deps: Pick<CriteriaDeps, 'crm' | 'warn'>): Promise<ContactPropertyOption[]> {
  try {
    return await deps.crm.listContactProperties(portalId);
  } catch (error) {
    deps.warn('console: contact properties unavailable', { portalId, code: error instanceof AppError ? error.code : 'unknown' });
    return [];
  }
}
