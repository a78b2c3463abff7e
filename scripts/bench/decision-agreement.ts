import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { BANDS, buildDefaultCriteria, OUTCOMES, qualifyContact, ROUTES, type Criteria } from '../../src/core';

/** test/fixtures/decisions/agreement-set.json: labelled inquiries written from the playbooks. */
export const AGREEMENT_SET_PATH = join(__dirname, '..', '..', 'test', 'fixtures', 'decisions', 'agreement-set.json');

const LabelledInquirySchema = z.strictObject({
  id: z.string(),
  playbook: z.string(),
  kind: z.string(),
  situation: z.string(),
  properties: z.record(z.string(), z.string()),
  label: z.strictObject({ outcome: z.enum(OUTCOMES), route: z.enum(ROUTES), band: z.enum(BANDS).optional() }),
  firm: z.boolean(),
  note: z.string(),
});
/** One inquiry and what a competent intake lead would decide for it. */
export type LabelledInquiry = z.infer<typeof LabelledInquirySchema>;

/** Tuesday 10:00 in New York: the default practice is open. */
export const AGREEMENT_CLOCK = new Date('2026-11-17T15:00:00Z');

export interface Disagreement { id: string; firm: boolean; expected: LabelledInquiry['label']; actual: LabelledInquiry['label'] }

export interface AgreementReport {
  total: number;
  matched: number;
  /** Share of all labels matched (firm and not). */
  agreement: number;
  firmTotal: number;
  firmMismatches: Disagreement[];
  otherMismatches: Disagreement[];
}

/** Reads and validates the agreement set. */
export function loadAgreementSet(path = AGREEMENT_SET_PATH): LabelledInquiry[] {
  return z.array(LabelledInquirySchema).parse(JSON.parse(readFileSync(path, 'utf8')));
}

/**
 * Qualifies every labelled inquiry under the criteria and compares outcome, route and (where
 * labelled) band with the label: an inquiry agrees when every labelled field matches.
 */
export function measureAgreement(set: readonly LabelledInquiry[], criteria: Criteria = buildDefaultCriteria()): AgreementReport {
  const firmMismatches: Disagreement[] = [];
  const otherMismatches: Disagreement[] = [];
  for (const item of set) {
    const result = qualifyContact(item.properties, criteria, AGREEMENT_CLOCK);
    const actual = { outcome: result.outcome, route: result.route, ...(item.label.band ? { band: result.band } : {}) };
    const agrees = actual.outcome === item.label.outcome && actual.route === item.label.route && (!item.label.band || actual.band === item.label.band);
    if (!agrees) (item.firm ? firmMismatches : otherMismatches).push({ id: item.id, firm: item.firm, expected: item.label, actual });
  }
  const matched = set.length - firmMismatches.length - otherMismatches.length;
  return { total: set.length, matched, agreement: set.length ? matched / set.length : 0, firmTotal: set.filter((i) => i.firm).length, firmMismatches, otherMismatches };
}
