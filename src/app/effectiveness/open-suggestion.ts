import type { TenantId } from '../ports/ids';
import { applySuggestion, suggestionNote, validateCriteria, type EffectivenessReport } from '../../core';
import type { CriteriaDeps, CriteriaRequester } from '../criteria/criteria-deps';
import { storeCriteriaVersion } from '../criteria/save-criteria';

/** What opening a suggestion came to: a saved draft version, or why nothing was saved. */
export type OpenSuggestionOutcome =
  | { kind: 'saved'; version: number }
  /** The index is not among the suggestions of the newest figures (they were recomputed meanwhile). */
  | { kind: 'not_found' }
  /** The live criteria no longer hold the value the suggestion changes (edited since the run), or nothing is live. */
  | { kind: 'outdated' }
  /** The change would not make valid criteria (e.g. a threshold below the next band's). */
  | { kind: 'invalid' };

export interface OpenSuggestionDeps {
  /** The newest finished run's figures of the portal. */
  latestReport(portalId: TenantId): Promise<EffectivenessReport | undefined>;
  criteria: Pick<CriteriaDeps, 'versions' | 'audit'>;
}

/**
 * "Open as a draft in Simulate" (issue 20): applies suggestion `index` of the newest figures to
 * the live criteria and saves the result as a new draft version through the criteria store
 * (audited as criteria.saved, like any save), so the practice can simulate it before publishing.
 * Nothing is published, and nothing is saved when the suggestion no longer fits.
 */
export async function openSuggestionAsDraft(req: CriteriaRequester, index: number, deps: OpenSuggestionDeps): Promise<OpenSuggestionOutcome> {
  const suggestion = (await deps.latestReport(req.portalId))?.suggestions[index];
  if (!suggestion) return { kind: 'not_found' };
  const published = await deps.criteria.versions.tryGetPublished(req.portalId);
  if (!published) return { kind: 'outdated' };
  const applied = applySuggestion(published.criteria, suggestion);
  if (!applied.ok) return { kind: 'outdated' };
  const validation = validateCriteria(applied.criteria);
  if (!validation.ok) return { kind: 'invalid' };
  const { version } = await storeCriteriaVersion(req, validation.criteria, suggestionNote(suggestion), deps.criteria);
  return { kind: 'saved', version };
}
