/**
 * Turns the raw carequal_* property values of a contact (as HubSpot's CRM property hook hands
 * them over: strings or null) into what the card shows, in plain words.
 *
 * Wording never goes beyond what the contact record already holds: labels name CareQual's own
 * decision (outcome, reasons, missing fields), never a condition or diagnosis.
 */

/**
 * Every property the card reads (DESIGN.md §4); nothing else is requested. The option labels
 * below use the same words as the property options CareQual creates in HubSpot (src/core
 * vocabulary); card.test.tsx checks both stay in step with the core.
 */
export const CAREQUAL_PROPERTIES = [
  'carequal_score',
  'carequal_fit_score',
  'carequal_intent_score',
  'carequal_readiness_score',
  'carequal_band',
  'carequal_outcome',
  'carequal_route',
  'carequal_disqualification_reasons',
  'carequal_reasons',
  'carequal_why',
  'carequal_missing_info',
  'carequal_respond_by',
  'carequal_recheck_at',
  'carequal_rules_version',
  'carequal_safety_version',
  'carequal_scored_at',
  'carequal_intake_disposition',
];

/** The intake disposition property (CareQual creates it; intake staff set it). */
export const INTAKE_DISPOSITION_PROPERTY = 'carequal_intake_disposition';
/** Why intake turned an inquiry down: asked for only when the disposition is "not a fit". */
export const REJECTION_REASON_PROPERTY = 'carequal_rejection_reason';

/**
 * The intake properties the card lets staff set in place: the disposition always, the rejection
 * reason once the disposition is "not a fit" (the card re-renders when HubSpot saves it).
 */
export function intakeOutcomeProperties(properties: RawProperties): string[] {
  return properties[INTAKE_DISPOSITION_PROPERTY] === 'not_a_fit' ? [INTAKE_DISPOSITION_PROPERTY, REJECTION_REASON_PROPERTY] : [INTAKE_DISPOSITION_PROPERTY];
}

export type RawProperties = Record<string, string | null | undefined>;
/** StatusTag variants (outcome). */
export type TagVariant = 'danger' | 'warning' | 'info' | 'success' | 'default';
/** Tag variants (band). */
export type BandVariant = 'success' | 'warning' | 'default';

export interface TimeLabel {
  /** e.g. "in 12 minutes", "5 minutes ago" */
  relative: string;
  /** e.g. "Tue, Nov 24, 2:15 PM EST" in the portal's time zone */
  absolute: string;
  isPast: boolean;
}

export interface CareQualResult {
  outcome: { label: string; variant: TagVariant };
  band?: { label: string; variant: BandVariant };
  score?: number;
  dimensions: { label: string; score: number }[];
  nextStep?: string;
  reasons: string[];
  /** One line: why this outcome. */
  why?: string;
  /** "possible emergency: breathing (Spanish)": shown as a banner, not as a line of the reasons. */
  safetyAlert?: string;
  missingInfo: string[];
  respondBy?: TimeLabel;
  recheckOn?: string;
  scoredAt?: TimeLabel;
  rulesVersion?: string;
}

export interface DisplayOptions {
  nowMs: number;
  timeZone: string;
  locale?: string;
}

/**
 * The status tag says what to do, so it follows the route (issue 17: "Care-ready — call now" on a
 * schedule-consult lead and "Needs clinical review" on a lead only missing information misled).
 */
const ROUTE_TAGS: Record<string, { label: string; variant: TagVariant }> = {
  intake_call_now: { label: 'Call now', variant: 'success' },
  schedule_consult: { label: 'Schedule consult', variant: 'success' },
  clinical_review: { label: 'Clinical review — possible emergency', variant: 'danger' },
  request_missing_info: { label: 'Ask for missing information', variant: 'warning' },
  nurture_sequence: { label: 'Nurture', variant: 'info' },
  refer_out: { label: 'Refer out', variant: 'default' },
  no_outreach: { label: 'No outreach', variant: 'default' },
};

/** Results written before routes decided the wording, or without a route. */
const OUTCOMES: Record<string, { label: string; variant: TagVariant }> = {
  care_ready: { label: 'Care-ready', variant: 'success' },
  needs_review: { label: 'Needs review', variant: 'warning' },
  nurture: { label: 'Nurture', variant: 'info' },
  disqualified: { label: 'Disqualified', variant: 'default' },
};

const BANDS: Record<string, { label: string; variant: BandVariant }> = {
  high: { label: 'High band', variant: 'success' },
  medium: { label: 'Medium band', variant: 'warning' },
  low: { label: 'Low band', variant: 'default' },
};

const ROUTES: Record<string, string> = {
  intake_call_now: 'Intake call now',
  schedule_consult: 'Schedule consult',
  nurture_sequence: 'Nurture sequence',
  clinical_review: 'Clinical review',
  refer_out: 'Refer out',
  no_outreach: 'No outreach',
  request_missing_info: 'Ask for missing information',
};

const DISQUALIFICATION_REASONS: Record<string, string> = {
  out_of_service_area: 'out of service area',
  service_not_offered: 'service not offered',
  no_contact_consent: 'no consent to contact',
  invalid_contact_details: 'invalid contact details',
  spam_or_test: 'spam or test submission',
  payer_not_accepted: 'payer not accepted',
  not_decision_maker: 'not the decision maker',
  timeline_not_viable: 'timeline not viable',
  not_a_patient_inquiry: 'not a patient inquiry',
};

const MISSING_INFO: Record<string, string> = {
  inquiry_details: 'Reason for inquiry',
  service_interest: 'Service of interest',
  location: 'ZIP code or state',
  insurance: 'Insurance or self-pay',
  timeline: 'Preferred timing',
  phone: 'Phone number',
  email: 'Email address',
  contact_method: 'A working phone or email',
  decision_maker: 'Who decides on care',
  documents: 'Referral or records',
  contact_consent: 'Consent to contact',
  guardian_consent: 'Parent or guardian consent',
};

/** True once CareQual has written a result onto the contact. */
export function hasCareQualResult(properties: RawProperties): boolean {
  return Boolean(value(properties.carequal_outcome) ?? value(properties.carequal_scored_at));
}

/** Builds what the card shows from the raw property values. */
export function describeCareQualResult(properties: RawProperties, options: DisplayOptions): CareQualResult {
  const disqualifications = splitMulti(properties.carequal_disqualification_reasons).map(
    (code) => DISQUALIFICATION_REASONS[code] ?? humanize(code).toLowerCase(),
  );
  const outcome = value(properties.carequal_outcome);
  // A disqualified lead shows no band or score (both stay on the contact for reporting).
  const ranked = outcome !== 'disqualified';
  return {
    outcome: describeOutcome(outcome, value(properties.carequal_route), disqualifications),
    band: ranked ? lookup(BANDS, properties.carequal_band) : undefined,
    score: ranked ? toScore(properties.carequal_score) : undefined,
    dimensions: [
      ['Fit', properties.carequal_fit_score],
      ['Intent', properties.carequal_intent_score],
      ['Readiness', properties.carequal_readiness_score],
    ].flatMap(([label, raw]) => {
      const score = toScore(raw);
      return score === undefined ? [] : [{ label: label as string, score }];
    }),
    nextStep: lookupText(ROUTES, properties.carequal_route),
    reasons: splitReasons(properties.carequal_reasons).filter((r) => !r.startsWith(SAFETY_REASON_PREFIX)),
    safetyAlert: splitReasons(properties.carequal_reasons).find((r) => r.startsWith(SAFETY_REASON_PREFIX)),
    why: value(properties.carequal_why),
    missingInfo: splitMulti(properties.carequal_missing_info).map((code) => MISSING_INFO[code] ?? humanize(code)),
    respondBy: toTimeLabel(properties.carequal_respond_by, options),
    recheckOn: toDateLabel(properties.carequal_recheck_at, options.locale),
    scoredAt: toTimeLabel(properties.carequal_scored_at, options),
    rulesVersion: value(properties.carequal_rules_version),
  };
}

/** The console address for this portal: `<PUBLIC_BASE_URL>/console?portalId=…`. */
export function consoleUrl(publicBaseUrl: string, portalId: number | string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}/console?portalId=${encodeURIComponent(String(portalId))}`;
}

function describeOutcome(code: string | undefined, route: string | undefined, disqualifications: string[]): { label: string; variant: TagVariant } {
  if (!code) return { label: 'No outcome yet', variant: 'default' };
  const tag = (route && ROUTE_TAGS[route]) || OUTCOMES[code] || { label: humanize(code), variant: 'default' as const };
  if (code === 'disqualified' && disqualifications.length > 0) return { label: `${tag.label} — ${disqualifications.join(', ')}`, variant: tag.variant };
  return tag;
}

function value(raw: string | null | undefined): string | undefined {
  const trimmed = raw?.trim();
  return trimmed ? trimmed : undefined;
}

function lookup<T>(table: Record<string, T>, raw: string | null | undefined): T | undefined {
  const code = value(raw);
  return code ? table[code] : undefined;
}

function lookupText(table: Record<string, string>, raw: string | null | undefined): string | undefined {
  const code = value(raw);
  return code ? (table[code] ?? humanize(code)) : undefined;
}

/** HubSpot sends multiple-checkbox values as one string joined by semicolons. */
function splitMulti(raw: string | null | undefined): string[] {
  return (value(raw) ?? '').split(';').map((part) => part.trim()).filter(Boolean);
}

/** How CareQual's reasons lead for a safety-flagged inquiry (core/safety formatSafetyReason). */
const SAFETY_REASON_PREFIX = 'possible emergency: ';

/** carequal_reasons joins its contributions with " · " (DESIGN.md §4). */
function splitReasons(raw: string | null | undefined): string[] {
  return (value(raw) ?? '').split(/\s+·\s+|\n/).map((part) => part.trim()).filter(Boolean);
}

function toScore(raw: string | null | undefined): number | undefined {
  const number = Number(value(raw));
  return value(raw) === undefined || !Number.isFinite(number) ? undefined : Math.round(number);
}

function humanize(code: string): string {
  const words = code.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** HubSpot datetime values arrive as epoch milliseconds or ISO-8601 text. */
function toEpochMs(raw: string | null | undefined): number | undefined {
  const text = value(raw);
  if (!text) return undefined;
  const ms = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
  return Number.isFinite(ms) ? ms : undefined;
}

function toTimeLabel(raw: string | null | undefined, { nowMs, timeZone, locale }: DisplayOptions): TimeLabel | undefined {
  const ms = toEpochMs(raw);
  if (ms === undefined) return undefined;
  const absolute = new Intl.DateTimeFormat(locale ?? 'en-US', {
    timeZone,
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(ms);
  return { relative: relativeTime(ms - nowMs, locale), absolute: plainSpaces(absolute), isPast: ms < nowMs };
}

/** HubSpot date properties hold midnight UTC of the day; show that day, not a shifted one. */
function toDateLabel(raw: string | null | undefined, locale?: string): string | undefined {
  const ms = toEpochMs(raw);
  if (ms === undefined) return undefined;
  const format = new Intl.DateTimeFormat(locale ?? 'en-US', { timeZone: 'UTC', month: 'short', day: 'numeric', year: 'numeric' });
  return plainSpaces(format.format(ms));
}

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

function relativeTime(deltaMs: number, locale?: string): string {
  const format = new Intl.RelativeTimeFormat(locale ?? 'en-US', { numeric: 'auto' });
  const size = Math.abs(deltaMs);
  if (size < MINUTE_MS) return format.format(0, 'minute').replace(/^this minute$/, 'now');
  if (size < HOUR_MS) return format.format(Math.round(deltaMs / MINUTE_MS), 'minute');
  if (size < 2 * DAY_MS) return format.format(Math.round(deltaMs / HOUR_MS), 'hour');
  return format.format(Math.round(deltaMs / DAY_MS), 'day');
}

/** ICU puts narrow no-break spaces before AM/PM; plain spaces read (and match) better. */
function plainSpaces(text: string): string {
  return text.replace(/[\u202f\u00a0]/g, ' ');
}
