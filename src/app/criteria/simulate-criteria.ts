import type { ContactId } from '../ports/ids';
import { BANDS, OUTCOMES, qualifyContact, requiredContactProperties } from '../../core';
import { chooseCriteria, listCriteriaChoices, noSuchVersion, type ChosenCriteria, type CriteriaChoice, type CriteriaChoices } from './choose-criteria';
import { requesterEntry, type CriteriaDeps, type CriteriaRequester } from './criteria-deps';

/** The most a simulation samples: one CRM search page. */
export const MAX_SAMPLE = 200;
export const DEFAULT_SAMPLE = 100;

/** How many moved between categories (bands or outcomes), and the distribution before and after. */
export interface SimulationSummary {
  moved: number;
  transitions: Array<{ from: string; to: string; count: number }>;
  distribution: Array<{ label: string; current: number; draft: number }>;
}

/** A sampled contact whose band or outcome would change: its HubSpot id only (no other PHI), before and after. */
export interface SimulatedMove {
  contactId: ContactId;
  /** undefined: nothing is live, the contact was not scored before. */
  before: { band: string; outcome: string } | undefined;
  after: { band: string; outcome: string };
}

/** The most moved contacts listed (the sample's size: every move is listed). */
export const MAX_MOVES_LISTED = MAX_SAMPLE;

export interface Simulation {
  draft: ChosenCriteria;
  /** What the draft is compared with: what is live unless another version was asked for; undefined: nothing is live yet, every contact counts as "unscored" before. */
  live: ChosenCriteria | undefined;
  sampled: number;
  requested: number;
  bands: SimulationSummary;
  outcomes: SimulationSummary;
  /** The contacts that would move, in sample order (most recent first). */
  moves: SimulatedMove[];
  choices: CriteriaChoices;
}

/** Counts transitions (from → to) and the distribution before and after. */
export function summarise(pairs: ReadonlyArray<{ from: string; to: string }>, categories: readonly string[]): SimulationSummary {
  const transitions = new Map<string, { from: string; to: string; count: number }>();
  const current = new Map(categories.map((c) => [c, 0]));
  const draft = new Map(categories.map((c) => [c, 0]));
  for (const { from, to } of pairs) {
    current.set(from, (current.get(from) ?? 0) + 1);
    draft.set(to, (draft.get(to) ?? 0) + 1);
    if (from === to) continue;
    const key = `${from}→${to}`;
    const seen = transitions.get(key) ?? { from, to, count: 0 };
    transitions.set(key, { ...seen, count: seen.count + 1 });
  }
  const moved = [...transitions.values()].sort((a, b) => b.count - a.count);
  return {
    moved: moved.reduce((sum, t) => sum + t.count, 0),
    transitions: moved,
    distribution: categories.map((c) => ({ label: c, current: current.get(c) ?? 0, draft: draft.get(c) ?? 0 })),
  };
}

/**
 * "Simulate before publishing": scores a sample of the portal's recent contacts with the live
 * criteria and with a draft, in memory, and reports what would move. Read-only: the contacts
 * read are audited as contact.read (names of the properties read, never values), nothing is
 * written to HubSpot and nothing is stored.
 */
export async function simulateCriteria(req: CriteriaRequester, ask: { draft: CriteriaChoice; against?: CriteriaChoice; sampleSize: number }, deps: CriteriaDeps): Promise<Simulation> {
  const choices = await listCriteriaChoices(deps.versions, req.portalId);
  const draft = await chooseCriteria(deps.versions, req.portalId, ask.draft, choices);
  if (!draft) throw noSuchVersion();
  const against = ask.against === undefined || ask.against === 'published' ? choices.publishedVersion : ask.against;
  const live = against !== undefined ? await chooseCriteria(deps.versions, req.portalId, against, choices) : undefined;
  const requested = Math.min(MAX_SAMPLE, Math.max(1, Math.floor(ask.sampleSize) || DEFAULT_SAMPLE));
  const properties = [...new Set([...requiredContactProperties(draft.criteria), ...(live ? requiredContactProperties(live.criteria) : [])])].sort();
  const contacts = await deps.crm.sampleRecentContacts(req.portalId, properties, requested);
  if (contacts.length > 0) {
    await deps.audit.append(contacts.map((c) => requesterEntry(req, 'contact.read', { objectType: 'contact', objectId: c.id, propertyNames: properties })));
  }
  const now = deps.clock.now();
  const results = contacts.map((c) => ({
    contactId: c.id,
    before: live ? qualifyContact(c.properties, live.criteria, now) : undefined,
    after: qualifyContact(c.properties, draft.criteria, now),
  }));
  await deps.audit.append([requesterEntry(req, 'criteria.simulated', { objectType: 'criteria', objectId: `v${draft.version}`, criteriaVersion: `v${draft.version}` })]);
  const unscored = live ? [] : ['unscored'];
  return {
    draft, live, sampled: contacts.length, requested, choices,
    bands: summarise(results.map((r) => ({ from: r.before?.band ?? 'unscored', to: r.after.band })), [...BANDS, ...unscored]),
    outcomes: summarise(results.map((r) => ({ from: r.before?.outcome ?? 'unscored', to: r.after.outcome })), [...OUTCOMES, ...unscored]),
    moves: results
      .filter((r) => r.before?.band !== r.after.band || r.before?.outcome !== r.after.outcome)
      .slice(0, MAX_MOVES_LISTED)
      .map((r) => ({ contactId: r.contactId, before: r.before && { band: r.before.band, outcome: r.before.outcome }, after: { band: r.after.band, outcome: r.after.outcome } })),
  };
}
