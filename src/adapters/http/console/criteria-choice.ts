import { AppError } from '../../../app/errors';
import type { Criteria } from '../../../core';
import type { ConsoleDeps, CriteriaVersionInfo } from './console.ports';

export interface ChosenCriteria {
  version: number;
  criteria: Criteria;
  label: string;
}

export interface CriteriaChoices {
  versions: CriteriaVersionInfo[];
  publishedVersion: number | undefined;
  latestVersion: number | undefined;
}

export async function listCriteriaChoices(deps: ConsoleDeps, portalId: number): Promise<CriteriaChoices> {
  const [versions, published] = await Promise.all([deps.criteria.listVersions(portalId), deps.criteria.tryGetPublishedPointer(portalId)]);
  return { versions, publishedVersion: published?.version, latestVersion: versions[0]?.version };
}

/**
 * The criteria a preview or simulation runs: a version number of this portal, "latest" (the
 * newest draft) or "published" (default). Unknown versions are 404, like any other portal's.
 */
export async function chooseCriteria(deps: ConsoleDeps, portalId: number, choice: unknown, choices: CriteriaChoices): Promise<ChosenCriteria | undefined> {
  const wanted = choice === 'latest' ? choices.latestVersion
    : typeof choice === 'string' && /^\d{1,9}$/.test(choice) ? Number(choice)
    : choices.publishedVersion ?? choices.latestVersion;
  if (wanted === undefined) return undefined;
  const doc = await deps.criteria.tryGetVersion(portalId, wanted);
  if (!doc) throw new AppError('not_found', 'No such version.', { expose: true });
  const label = wanted === choices.publishedVersion ? `v${wanted} (live)` : `v${wanted} (draft)`;
  return { version: wanted, criteria: doc.criteria, label };
}
