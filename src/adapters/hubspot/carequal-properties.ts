import {
  BANDS, CODE_LABELS, DISQUALIFICATION_REASONS, INTAKE_DISPOSITIONS, INTAKE_DISPOSITION_PROPERTY, INTAKE_LABELS, MISSING_INFO_CODES, OUTCOMES,
  REJECTION_REASONS, REJECTION_REASON_PROPERTY, ROUTES, type DataMode,
} from '../../core';

/*
 * How CareQual's results are defined as HubSpot properties: HubSpot's PropertyCreate bodies
 * (types, field types, data sensitivity, option lists). An adapter concern: the core decides the
 * codes, this file says how HubSpot stores them.
 */

/** The HubSpot property group that holds every CareQual property. */
export const CAREQUAL_PROPERTY_GROUP = { name: 'carequal', label: 'CareQual', displayOrder: 1 } as const;

/** One enumeration option, as HubSpot's OptionInput. */
export interface PropertyOption {
  readonly label: string;
  readonly value: string;
  readonly displayOrder: number;
  readonly hidden: boolean;
}

/** A HubSpot PropertyCreate body (crm-properties 2026-03), restricted to what CareQual uses. */
export interface CarequalPropertyDefinition {
  readonly name: string;
  readonly label: string;
  readonly type: 'number' | 'enumeration' | 'string' | 'datetime' | 'date';
  readonly fieldType: 'number' | 'select' | 'checkbox' | 'text' | 'textarea' | 'date';
  readonly groupName: 'carequal';
  readonly description: string;
  readonly displayOrder: number;
  readonly formField: false;
  readonly options?: readonly PropertyOption[];
  readonly dataSensitivity: 'sensitive' | 'non_sensitive';
}

function optionsOf(codes: readonly string[]): PropertyOption[] {
  return codes.map((value, i) => ({ label: CODE_LABELS[value] ?? value, value, displayOrder: i, hidden: false }));
}

type Def = Omit<CarequalPropertyDefinition, 'groupName' | 'displayOrder' | 'formField'>;

/*
 * Data sensitivity: a score, band, outcome, route, reasons, missing information or a
 * disqualification reason describes a person's inquiry about their care — that they sought it and
 * how it was judged — so those are `sensitive` (HubSpot's class for health-related data; it puts
 * them behind the Sensitive Data permissions where the portal uses that feature). They are not
 * `highly_sensitive` (HubSpot keeps that for identifiers such as SSNs and card numbers). The
 * timestamps and the rules version say nothing about the person or their care: `non_sensitive`,
 * so workflows and views that need "respond by" keep working for every intake user.
 */
const DEFINITIONS: readonly Def[] = [
  { name: 'carequal_score', label: 'CareQual score', type: 'number', fieldType: 'number', description: 'Combined qualification score, 0–100.', dataSensitivity: 'sensitive' },
  { name: 'carequal_fit_score', label: 'CareQual fit score', type: 'number', fieldType: 'number', description: 'Fit with the practice (service, location, payer), 0–100.', dataSensitivity: 'sensitive' },
  { name: 'carequal_intent_score', label: 'CareQual intent score', type: 'number', fieldType: 'number', description: 'Intent to be seen (requests, urgency, referral, activity), 0–100.', dataSensitivity: 'sensitive' },
  { name: 'carequal_readiness_score', label: 'CareQual readiness score', type: 'number', fieldType: 'number', description: 'Readiness (timeline, decision maker, documents), 0–100.', dataSensitivity: 'sensitive' },
  { name: 'carequal_band', label: 'CareQual band', type: 'enumeration', fieldType: 'select', description: 'Score band.', options: optionsOf(BANDS), dataSensitivity: 'sensitive' },
  { name: 'carequal_outcome', label: 'CareQual outcome', type: 'enumeration', fieldType: 'select', description: 'Qualification decision.', options: optionsOf(OUTCOMES), dataSensitivity: 'sensitive' },
  { name: 'carequal_route', label: 'CareQual next step', type: 'enumeration', fieldType: 'select', description: 'What intake should do next.', options: optionsOf(ROUTES), dataSensitivity: 'sensitive' },
  { name: 'carequal_disqualification_reasons', label: 'CareQual disqualification reasons', type: 'enumeration', fieldType: 'checkbox', description: 'Why the inquiry was stopped.', options: optionsOf(DISQUALIFICATION_REASONS), dataSensitivity: 'sensitive' },
  { name: 'carequal_reasons', label: 'CareQual reasons', type: 'string', fieldType: 'textarea', description: 'The main contributions to the score, in plain words.', dataSensitivity: 'sensitive' },
  { name: 'carequal_why', label: 'CareQual why this outcome', type: 'string', fieldType: 'text', description: 'Why this outcome, in one line a coordinator can read aloud.', dataSensitivity: 'sensitive' },
  { name: 'carequal_missing_info', label: 'CareQual missing information', type: 'enumeration', fieldType: 'checkbox', description: 'What intake still needs to ask.', options: optionsOf(MISSING_INFO_CODES), dataSensitivity: 'sensitive' },
  { name: 'carequal_respond_by', label: 'CareQual respond by', type: 'datetime', fieldType: 'date', description: 'Respond by this time (SLA counted in practice business hours).', dataSensitivity: 'non_sensitive' },
  { name: 'carequal_recheck_at', label: 'CareQual re-check on', type: 'date', fieldType: 'date', description: 'When a not-now inquiry should be re-qualified.', dataSensitivity: 'non_sensitive' },
  { name: 'carequal_rules_version', label: 'CareQual rules version', type: 'string', fieldType: 'text', description: 'Criteria version that produced the result.', dataSensitivity: 'non_sensitive' },
  { name: 'carequal_safety_version', label: 'CareQual safety lexicon version', type: 'string', fieldType: 'text', description: 'Version of the built-in clinical-safety list that screened the inquiry.', dataSensitivity: 'non_sensitive' },
  { name: 'carequal_scored_at', label: 'CareQual scored at', type: 'datetime', fieldType: 'date', description: 'When CareQual last qualified this contact.', dataSensitivity: 'non_sensitive' },
  // Set by intake staff or workflows, never by CareQual (issue 20): whether the inquiry became a
  // booking says something about the person's care, so both are sensitive like the outcome.
  { name: INTAKE_DISPOSITION_PROPERTY, label: 'CareQual intake disposition', type: 'enumeration', fieldType: 'select', description: 'What happened when intake worked this inquiry (set by intake staff).', options: intakeOptions(INTAKE_DISPOSITIONS), dataSensitivity: 'sensitive' },
  { name: REJECTION_REASON_PROPERTY, label: 'CareQual rejection reason', type: 'enumeration', fieldType: 'select', description: 'Why intake turned the inquiry down (set by intake staff).', options: intakeOptions(REJECTION_REASONS), dataSensitivity: 'sensitive' },
];

function intakeOptions(codes: readonly (keyof typeof INTAKE_LABELS)[]): PropertyOption[] {
  return codes.map((value, i) => ({ label: INTAKE_LABELS[value], value, displayOrder: i, hidden: false }));
}

/**
 * Create bodies for every property of DESIGN.md §4, in display order, with complete option
 * lists. Not form fields: CareQual writes them; patients never fill them in.
 */
export const CAREQUAL_PROPERTY_DEFINITIONS: readonly CarequalPropertyDefinition[] = DEFINITIONS.map((d, i) => ({
  ...d, groupName: 'carequal', displayOrder: i, formField: false,
}));

/**
 * The definitions for a data mode: as above in `sensitive` mode; in `standard` mode every property
 * is `non_sensitive` (creating or editing a sensitive property needs the sensitive write scope and
 * an Enterprise account with Sensitive Data, developers.hubspot.com/docs/api/sensitive-data).
 */
export function carequalPropertyDefinitions(mode: DataMode): readonly CarequalPropertyDefinition[] {
  if (mode === 'sensitive') return CAREQUAL_PROPERTY_DEFINITIONS;
  return CAREQUAL_PROPERTY_DEFINITIONS.map((d) => ({
    ...d, dataSensitivity: 'non_sensitive' as const,
    ...(d.options ? { options: d.options.map((o) => ({ ...o, label: STANDARD_OPTION_LABELS[o.value] ?? o.label })) } : {}),
  }));
}

/**
 * Option labels HubSpot users see that would say more than a code in standard mode: the values
 * stay CareQual's codes, the labels turn neutral ("Clinical review" tells that the inquiry
 * mentioned an emergency or crisis).
 */
const STANDARD_OPTION_LABELS: Readonly<Record<string, string>> = { clinical_review: 'Priority review' };
