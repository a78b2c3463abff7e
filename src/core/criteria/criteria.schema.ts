import type { z } from 'zod';
import { checkCriteriaConsistency } from './criteria-consistency';
import { CriteriaShapeSchema } from './criteria-shape.schema';

export type { CriteriaShape } from './criteria-shape.schema';

/**
 * A practice's qualification criteria: one immutable, versioned document.
 *
 * Invariants (checked here, relied on by the engine):
 * - every id is unique within its list, and rule ids are unique across all dimensions;
 * - every condition names a catalogued signal with an operator and value fit for it, and every
 *   id it compares with (service line, payer, location) is defined in this document;
 * - bands are listed from the highest `minScore` to the lowest, strictly decreasing, and the last
 *   starts at 0, so every score 0–100 falls in exactly one band;
 * - the safety SLA is no longer than any band's SLA (an emergency mention is seen first);
 * - the time zone is a valid IANA zone and at least one weekday is open;
 * - with `weighted_dimensions`, the weights add up to 1.
 */
export const CriteriaSchema = CriteriaShapeSchema.superRefine((criteria, ctx) => {
  for (const issue of checkCriteriaConsistency(criteria)) ctx.addIssue({ code: 'custom', ...issue });
});

/** A validated criteria document. */
export type Criteria = z.infer<typeof CriteriaSchema>;
/** The property map of a criteria document. */
export type PropertyMap = Criteria['propertyMap'];
/** A scoring rule. */
export type Rule = Criteria['rules']['fit'][number];
/** A score band definition. */
export type BandDefinition = Criteria['bands'][number];
