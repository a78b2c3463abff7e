import type { TenantId } from '../ports/ids';
import { qualifyContact, type PropertyMap, type QualificationResult } from '../../core';
import { chooseCriteria, listCriteriaChoices, type ChosenCriteria, type CriteriaChoice, type CriteriaChoices } from './choose-criteria';
import type { CriteriaDeps } from './criteria-deps';

/** Sample values by signal (the criteria's property map decides which HubSpot property each feeds). */
export type TryLeadValues = Partial<Record<keyof PropertyMap, string>>;

export interface TryLeadResult {
  choices: CriteriaChoices;
  /** undefined: the portal has no criteria yet, there is nothing to score with. */
  chosen: ChosenCriteria | undefined;
  /** undefined when nothing was scored (no values asked for, or no criteria). */
  result: QualificationResult | undefined;
}

/**
 * "Try a lead": sample values → the result CareQual would write, computed in process with the
 * chosen criteria. Nothing is read from or sent to HubSpot and nothing is stored, audited or
 * logged: the values are typed in by the user and may look like patient data.
 */
export async function tryLead(portalId: TenantId, ask: { criteria: CriteriaChoice; values?: TryLeadValues }, deps: Pick<CriteriaDeps, 'versions' | 'clock'>): Promise<TryLeadResult> {
  const choices = await listCriteriaChoices(deps.versions, portalId);
  const chosen = await chooseCriteria(deps.versions, portalId, ask.criteria, choices);
  if (!chosen || !ask.values) return { choices, chosen, result: undefined };
  const properties: Record<string, string> = {};
  for (const [signal, value] of Object.entries(ask.values) as Array<[keyof PropertyMap, string | undefined]>) {
    const property = chosen.criteria.propertyMap[signal]?.[0];
    if (property && value !== undefined) properties[property] = value;
  }
  return { choices, chosen, result: qualifyContact(properties, chosen.criteria, deps.clock.now()) };
}
