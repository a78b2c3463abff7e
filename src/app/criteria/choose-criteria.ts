import { AppError } from '../errors';
import type { Criteria } from '../../core';
import type { CriteriaVersionStore, CriteriaVersionSummary } from '../ports/criteria-versions.port';

/** The criteria a preview or simulation runs, with the label the console shows. */
export interface ChosenCriteria {
  version: number;
  criteria: Criteria;
  label: string;
}

export interface CriteriaChoices {
  /** Newest first. */
  versions: CriteriaVersionSummary[];
  publishedVersion: number | undefined;
  latestVersion: number | undefined;
}

/** A version number of this portal, its newest draft, or what is live (falling back to the newest). */
export type CriteriaChoice = number | 'latest' | 'published';

export async function listCriteriaChoices(versions: Pick<CriteriaVersionStore, 'listVersions'>, portalId: number): Promise<CriteriaChoices> {
  const list = await versions.listVersions(portalId);
  return { versions: list, publishedVersion: list.find((v) => v.published)?.version, latestVersion: list[0]?.version };
}

/** Throws the console's 404 for a version this portal does not have (another portal's looks the same). */
export function noSuchVersion(): AppError {
  return new AppError('not_found', 'No such version.', { expose: true });
}

/** Reads the chosen version; undefined when the portal has no versions at all. */
export async function chooseCriteria(versions: Pick<CriteriaVersionStore, 'tryGetVersion'>, portalId: number, choice: CriteriaChoice, choices: CriteriaChoices): Promise<ChosenCriteria | undefined> {
  const wanted = choice === 'latest' ? choices.latestVersion : choice === 'published' ? choices.publishedVersion ?? choices.latestVersion : choice;
  if (wanted === undefined) return undefined;
  const found = await versions.tryGetVersion(portalId, wanted);
  if (!found) throw noSuchVersion();
  const label = wanted === choices.publishedVersion ? `v${wanted} (live)` : `v${wanted} (draft)`;
  return { version: wanted, criteria: found.criteria, label };
}
