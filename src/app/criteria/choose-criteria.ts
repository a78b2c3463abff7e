import type { TenantId } from '../ports/ids';
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

/** A version number of this portal, its newest version, its newest draft (not live), or what is live (falling back to the newest). */
export type CriteriaChoice = number | 'latest' | 'draft' | 'published';

/** What a version is to the people choosing it: live, a draft saved after what is live (or with nothing live), or an earlier version. */
export function versionRole(version: number, choices: Pick<CriteriaChoices, 'publishedVersion'>): 'live' | 'draft' | 'earlier' {
  if (version === choices.publishedVersion) return 'live';
  return choices.publishedVersion === undefined || version > choices.publishedVersion ? 'draft' : 'earlier';
}

/** "v3 (live)", "v4 (draft)", "v1 (earlier)": one labelling for every version picker. */
export function versionLabel(version: number, choices: Pick<CriteriaChoices, 'publishedVersion'>): string {
  return `v${version} (${versionRole(version, choices)})`;
}

/** The newest draft (saved after what is live): what "simulate a draft" means by default (undefined: nothing saved since the live version). */
export function newestDraft(choices: CriteriaChoices): number | undefined {
  return choices.versions.find((v) => versionRole(v.version, choices) === 'draft')?.version;
}

export async function listCriteriaChoices(versions: Pick<CriteriaVersionStore, 'listVersions'>, portalId: TenantId): Promise<CriteriaChoices> {
  const list = await versions.listVersions(portalId);
  return { versions: list, publishedVersion: list.find((v) => v.published)?.version, latestVersion: list[0]?.version };
}

/** Throws the console's 404 for a version this portal does not have (another portal's looks the same). */
export function noSuchVersion(): AppError {
  return new AppError('not_found', 'No such version.', { expose: true });
}

/** Reads the chosen version; undefined when the portal has no versions at all. */
export async function chooseCriteria(versions: Pick<CriteriaVersionStore, 'tryGetVersion'>, portalId: TenantId, choice: CriteriaChoice, choices: CriteriaChoices): Promise<ChosenCriteria | undefined> {
  const wanted = choice === 'latest' ? choices.latestVersion : choice === 'draft' ? newestDraft(choices) ?? choices.latestVersion : choice === 'published' ? choices.publishedVersion ?? choices.latestVersion : choice;
  if (wanted === undefined) return undefined;
  const found = await versions.tryGetVersion(portalId, wanted);
  if (!found) throw noSuchVersion();
  return { version: wanted, criteria: found.criteria, label: versionLabel(wanted, choices) };
}
