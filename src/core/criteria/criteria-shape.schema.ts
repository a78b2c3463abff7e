import { z } from 'zod';
import {
  BandSchema, BusinessHoursSchema, HardStopSchema, LocationSchema, PayerSchema, PhraseSchema,
  PropertyNameSchema, ReadinessGateSchema, RuleSchema, SafetySchema, ServiceLineSchema, StateCodeSchema, textSchema,
} from './criteria-parts.schema';
import { MISSING_INFO_CODES } from './vocabulary';
import { PracticeSafetyPhrasesSchema } from '../safety/practice-phrases.schema';

const Props = z.array(PropertyNameSchema).max(5);

/**
 * Which HubSpot properties feed which input. Practices name their form fields differently, so
 * nothing is hard-coded; an empty list means "this practice does not collect it". When a list
 * holds several properties the first non-blank one wins (free-text inputs are joined).
 */
export const PropertyMapSchema = z.strictObject({
  message: Props, zip: Props, state: Props, phone: Props, email: Props, payer: Props,
  serviceLine: Props, timeline: Props, referral: Props, decisionMaker: Props, documents: Props,
  consent: Props, doNotContact: Props, emailOptOut: Props,
  pageViews: Props, visits: Props, conversions: Props, source: Props, conversionEvents: Props,
  /** Date of birth (a minor needs a parent or guardian's consent); optional for documents saved before it existed. */
  dateOfBirth: Props.optional(),
});

const PhraseList = z.array(PhraseSchema).max(200);

/** The words that reveal intent in an inquiry's free text. */
export const InquiryPhrasesSchema = z.strictObject({
  booking: PhraseList, price: PhraseList, insurance: PhraseList, urgency: PhraseList, spam: PhraseList,
  appointmentForms: PhraseList, guideForms: PhraseList,
});

const Weight = z.number().min(0).max(1);
const OwnerId = z.string().regex(/^\d{1,20}$/, { message: 'must be a HubSpot owner id (digits)' });

/** The criteria document field by field; the cross-field checks are in criteria-consistency.ts. */
export const CriteriaShapeSchema = z.strictObject({
    schemaVersion: z.literal(1),
    /** Assigned by the criteria store on save (e.g. "v7"); not part of the content hash. */
    version: textSchema(1, 40).optional(),
    name: textSchema(1, 100),
    locations: z.array(LocationSchema).min(1).max(100),
    servedStates: z.array(StateCodeSchema).max(60).optional(),
    serviceLines: z.array(ServiceLineSchema).min(1).max(100),
    payers: z.strictObject({ accepted: z.array(PayerSchema).max(200), selfPayAccepted: z.boolean() }),
    propertyMap: PropertyMapSchema,
    inquiryPhrases: InquiryPhrasesSchema,
    rules: z.strictObject({ fit: z.array(RuleSchema).max(100), intent: z.array(RuleSchema).max(100), readiness: z.array(RuleSchema).max(100) }),
    scoring: z.strictObject({
      combine: z.enum(['weighted_dimensions', 'sum_of_points']),
      weights: z.strictObject({ fit: Weight, intent: Weight, readiness: Weight }),
    }),
    hardStops: z.array(HardStopSchema).max(50),
    bands: z.array(BandSchema).min(1).max(3),
    /** Absent: the band alone decides (the simple point model keeps its own semantics). */
    readinessGate: ReadinessGateSchema.optional(),
    missingInfo: z.strictObject({
      track: z.array(z.enum(MISSING_INFO_CODES)).max(MISSING_INFO_CODES.length),
      reviewWhenMissing: z.array(z.enum(MISSING_INFO_CODES)).max(MISSING_INFO_CODES.length),
      reviewSlaMinutes: z.number().int().min(0).max(60 * 24 * 30),
    }),
    businessHours: BusinessHoursSchema,
    recheckAfterDays: z.number().int().min(1).max(365),
    safety: SafetySchema,
    /** The practice's own emergency phrases per category and language (console: Safety). */
    practiceSafetyPhrases: PracticeSafetyPhrasesSchema.optional(),
    /** Who gets the intake task for a care-ready lead (HubSpot owner ids, assigned in turn), and up to which inquiry age. */
    followUp: z.strictObject({
      ownerIds: z.array(OwnerId).max(100),
      /** Who gets the urgent task of a safety-flagged inquiry (assigned in turn); none: the intake owners. */
      clinicalReviewerIds: z.array(OwnerId).max(100).optional(),
      /** Who gets it outside business hours, so a flag at 22:10 on Saturday does not wait for Monday. */
      afterHoursOwnerId: OwnerId.optional(),
      /** Re-scores of inquiries older than this many days create no task (default 14). */
      maxInquiryAgeDays: z.number().int().min(1).max(365).optional(),
    }).optional(),
  });

/** The criteria document's shape before cross-field checks. */
export type CriteriaShape = z.infer<typeof CriteriaShapeSchema>;

