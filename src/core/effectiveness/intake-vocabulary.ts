/**
 * What intake staff record on a contact after working an inquiry (DESIGN.md §4, issue 20). CareQual
 * creates the two properties; people (or HubSpot workflows) set them; the effectiveness job reads
 * them as outcome signals. Values are stable codes; labels are what HubSpot users see.
 */
export const INTAKE_DISPOSITIONS = ['reached_booked', 'reached_not_booked', 'not_reached', 'not_a_fit'] as const;
export type IntakeDisposition = (typeof INTAKE_DISPOSITIONS)[number];

export const REJECTION_REASONS = ['no_need', 'wrong_contact', 'outside_service', 'insurance_cost', 'duplicate', 'other'] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

/** HubSpot option labels for the intake codes. */
export const INTAKE_LABELS: Readonly<Record<IntakeDisposition | RejectionReason, string>> = {
  reached_booked: 'Reached — booked',
  reached_not_booked: 'Reached — not booked',
  not_reached: 'Not reached',
  not_a_fit: 'Not a fit',
  no_need: 'No need',
  wrong_contact: 'Wrong contact',
  outside_service: 'Outside service',
  insurance_cost: 'Insurance / cost',
  duplicate: 'Duplicate',
  other: 'Other',
};

/** The property names intake writes (CareQual creates them but never writes them). */
export const INTAKE_DISPOSITION_PROPERTY = 'carequal_intake_disposition';
export const REJECTION_REASON_PROPERTY = 'carequal_rejection_reason';
export const INTAKE_PROPERTY_NAMES: readonly string[] = [INTAKE_DISPOSITION_PROPERTY, REJECTION_REASON_PROPERTY];
