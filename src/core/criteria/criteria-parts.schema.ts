import { z } from 'zod';
import { ConditionSchema } from './condition.schema';
import { BANDS, DISQUALIFICATION_REASONS, OUTCOMES, ROUTES, TIMELINE_BUCKETS, VALUE_TIERS } from './vocabulary';

/** Ids are short, lower-case and stable: results and reports refer to them. */
export const IdSchema = z.string().regex(/^[a-z][a-z0-9_-]{0,39}$/, {
  message: 'must start with a letter and use only lower-case letters, digits, "-" or "_" (at most 40 characters)',
});

/** A HubSpot internal property name (lower-case letters, digits, underscores). */
export const PropertyNameSchema = z.string().regex(/^[a-z0-9_]{1,100}$/, {
  message: 'must be a HubSpot internal property name: lower-case letters, digits and "_"',
});

/**
 * A phrase to look for in free text, matched on whole words after lower-casing and removing
 * punctuation. A trailing "*" matches any ending of the last word ("consult*" → "consultation");
 * it needs at least two letters before it.
 */
export const PhraseSchema = textSchema(1, 60).regex(/[\p{L}\p{N}]/u, { message: 'must contain a letter or digit' });

/**
 * Text a person types and HubSpot or a report shows: a name, a label, a reason. Control
 * characters (NUL, line breaks, escapes) are refused with a message: HubSpot's single-line
 * properties cannot show them and PostgreSQL's jsonb refuses NUL outright.
 */
export function textSchema(min: number, max: number) {
  return z.string().min(min).max(max).regex(/^[^\p{Cc}]*$/u, { message: 'must not contain control characters such as line breaks' });
}

/** Two-letter US state or territory code. */
export const StateCodeSchema = z.string().regex(/^[A-Z]{2}$/, { message: 'must be a two-letter state code such as MA' });

const HourSchema = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, { message: 'must be a time such as 08:30 (24-hour clock)' });

/** A practice location: a ZIP code or coordinates, and how far patients travel to it. */
export const LocationSchema = z.strictObject({
  id: IdSchema,
  name: textSchema(1, 60),
  zip: z.string().regex(/^\d{5}$/, { message: 'must be a five-digit ZIP code' }).optional(),
  latitude: z.number().min(-90).max(90).optional(),
  longitude: z.number().min(-180).max(180).optional(),
  state: StateCodeSchema.optional(),
  serviceRadiusMiles: z.number().positive().max(500),
});

/** A service line the practice offers. `formValues` are the option values of the mapped field. */
export const ServiceLineSchema = z.strictObject({
  id: IdSchema,
  label: textSchema(1, 60),
  keywords: z.array(PhraseSchema).min(1).max(50),
  formValues: z.array(textSchema(1, 100)).max(50).optional(),
  valueTier: z.enum(VALUE_TIERS),
});

/** An accepted payer and the ways patients write its name. */
export const PayerSchema = z.strictObject({
  id: IdSchema,
  label: textSchema(1, 60),
  aliases: z.array(textSchema(2, 60)).max(30),
});

/** Placeholders a reason text may use; each reveals only practice data or a derived number. */
export const REASON_PLACEHOLDERS = ['{distanceMiles}', '{locationName}', '{serviceLine}', '{payer}'] as const;

/** A scoring rule: when the condition holds, the points count, explained by the reason text. */
export const RuleSchema = z.strictObject({
  id: IdSchema,
  when: ConditionSchema,
  points: z.number().int().min(-100).max(100).refine((p) => p !== 0, { message: 'must not be 0' }),
  reason: textSchema(1, 80),
  group: IdSchema.optional(),
});

/** A hard stop: when the condition holds, the lead is disqualified with this reason. */
export const HardStopSchema = z.strictObject({
  id: IdSchema,
  when: ConditionSchema,
  reason: z.enum(DISQUALIFICATION_REASONS),
  route: z.enum(['refer_out', 'no_outreach']),
});

const SlaClockSchema = z.enum(['business_hours', 'calendar']);
const SlaMinutesSchema = z.number().int().min(0).max(60 * 24 * 30);

/** A score band: from `minScore` up to the next band, with its outcome, route and SLA. */
export const BandSchema = z.strictObject({
  band: z.enum(BANDS),
  minScore: z.number().int().min(0).max(100),
  outcome: z.enum(OUTCOMES.filter((o) => o !== 'disqualified') as ['care_ready', 'nurture', 'needs_review']),
  route: z.enum(ROUTES.filter((r) => r !== 'refer_out' && r !== 'no_outreach') as ['intake_call_now', 'schedule_consult', 'nurture_sequence', 'clinical_review', 'request_missing_info']),
  slaMinutes: SlaMinutesSchema.nullable(),
  slaClock: SlaClockSchema.optional(),
});

const DaySchema = z.strictObject({ open: HourSchema, close: HourSchema }).nullable();

/** True when the runtime's ICU knows this IANA time zone. */
export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone.length > 0;
  } catch {
    return false;
  }
}

/** Opening hours per weekday (null = closed), the practice's IANA zone, and closed dates. */
export const BusinessHoursSchema = z.strictObject({
  timeZone: z.string().refine(isValidTimeZone, { message: 'must be an IANA time zone such as America/New_York' }),
  week: z.strictObject({ mon: DaySchema, tue: DaySchema, wed: DaySchema, thu: DaySchema, fri: DaySchema, sat: DaySchema, sun: DaySchema }),
  closedDates: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date such as 2026-12-25' })).max(100).optional(),
  /** Built-in holiday calendar counted as closed, besides `closedDates` (absent = none). */
  holidays: z.enum(['us_federal', 'none']).optional(),
});

/** Clinical-safety phrases and how fast such an inquiry must be seen. */
export const SafetySchema = z.strictObject({
  /** The practice's own phrases, screened on top of the built-in lexicon (config/safety/). */
  phrases: z.array(PhraseSchema).min(1).max(200),
  slaMinutes: SlaMinutesSchema,
  slaClock: SlaClockSchema.optional(),
  /** Extra free-text properties to screen (notes, reason for visit, custom fields) besides the mapped inputs. */
  screenProperties: z.array(PropertyNameSchema).max(20).optional(),
  /**
   * A negated or past mention ("not an emergency", "stroke in 2019") is never flagged; by default
   * it still keeps the inquiry from being disqualified or nurtured (`review`). `ignore` lets such
   * a mention count for nothing — an admin's explicit choice.
   */
  negatedMentions: z.enum(['review', 'ignore']).optional(),
});

/**
 * Care-ready needs readiness or intent, not fit alone (the playbooks send fit-but-not-ready leads
 * to nurture): a lead whose band says care_ready is nurtured, with a re-check date, unless its
 * readiness or its intent score reaches the minimum.
 */
export const ReadinessGateSchema = z.strictObject({
  minReadinessScore: z.number().int().min(0).max(100),
  minIntentScore: z.number().int().min(0).max(100),
  /** Stated timelines that mean "not now" whatever the scores (e.g. later than 6 months). */
  notReadyTimelines: z.array(z.enum(TIMELINE_BUCKETS)).max(TIMELINE_BUCKETS.length),
});
