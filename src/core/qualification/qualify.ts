import type { BandDefinition, Criteria } from '../criteria/criteria.schema';
import type { SignalValues } from '../criteria/signal-catalog';
import type { DisqualificationReason, MissingInfoCode, Outcome, Route } from '../criteria/vocabulary';
import { ageInYears } from '../enrichment/age.enrichment';
import { enrichContact } from '../enrichment/enrich-contact';
import type { ContactProperties, Enrichment } from '../enrichment/enricher';
import type { ContactSafety } from '../safety/screen-contact';
import { addBusinessMinutes, addLocalDays } from './business-hours';
import { explainOutcome, type DecidedOutcome, type DecisionBasis } from './explain';
import { compileCriteria, type CompiledCriteria, type DateMemo } from './compile-criteria';
import { scoreContact, type Scores } from './scoring';

/** The qualification of one contact under one criteria version. */
export interface QualificationResult extends DecidedOutcome {
  readonly fitScore: number;
  readonly intentScore: number;
  readonly readinessScore: number;
  /** Answer by this instant (SLA counted in practice business hours), or null when no outreach is due. */
  readonly respondBy: Date | null;
  /** Re-qualify a "not now" (nurture) lead on this date (midnight UTC of the practice's local date). */
  readonly recheckAt: Date | null;
  readonly criteriaVersion: string;
  readonly criteriaHash: string;
  /** The inquiry mentions an emergency or crisis: routed to clinical review, never disqualified or nurtured. */
  readonly safetyFlag: boolean;
  /** What the safety screen found (categories and languages) and the lexicon version it used. */
  readonly safety: ContactSafety;
  /** Why this outcome, in one line a coordinator can read aloud (never the contact's own text). */
  readonly why: string;
}

interface Decision {
  outcome: Outcome;
  route: Route;
  slaMinutes: number | null;
  slaClock: 'business_hours' | 'calendar';
  disqualificationReasons: DisqualificationReason[];
  /** What decided it, for the one-line explanation. */
  basis: DecisionBasis;
}

const RESPOND_BY_MEMO_LIMIT = 256;

/**
 * Qualifies one contact: enrich its own properties, score fit, intent and readiness, apply hard
 * stops and bands, and decide outcome, route, respond-by and re-check date. Pure: the same
 * properties, criteria and `now` always give the same result, and CareQual makes no clinical
 * judgement — a safety phrase only sends the inquiry to a human first.
 *
 * Precedence: safety flag (core/safety: any free-text property, whole text, every language of
 * the lexicon) → needs_review / clinical_review with the safety SLA (never disqualified or
 * nurtured, whatever the rules say); else any hard stop → disqualified; else the band's outcome,
 * where a care_ready band that fails the readiness gate becomes nurture (fit alone is not
 * readiness) — and a lead not care-ready goes to needs_review / request_missing_info when an
 * input listed in `missingInfo.reviewWhenMissing` is missing (a person asks before a sequence
 * runs). Every outcome × route pair is one of ALLOWED_ROUTES.
 */
export function qualifyContact(properties: ContactProperties, criteria: Criteria, now: Date): QualificationResult {
  const c = compileCriteria(criteria);
  const enrichment = enrichContact(properties, c);
  const scores = scoreContact(enrichment, c);
  const guardianNeeded = needsGuardianConsent(enrichment, now);
  const missingInfo: MissingInfoCode[] = guardianNeeded ? ['guardian_consent'] : [];
  for (const code of c.track) if (enrichment.missing.includes(code)) missingInfo.push(code);
  const safetyFlag = enrichment.signals['safety.flag'];
  const bandDef = c.bands.find((b) => scores.score >= b.minScore) ?? (c.bands[c.bands.length - 1] as BandDefinition);
  const decision = applySafetyFloor(c, enrichment.safety, decide(c, enrichment.signals, safetyFlag, bandDef, missingInfo, scores, guardianNeeded));
  // Built field by field rather than with `...scores`: object spread into a large literal is a
  // slow path in V8 and this runs once per contact.
  return {
    fitScore: scores.fitScore,
    intentScore: scores.intentScore,
    readinessScore: scores.readinessScore,
    score: scores.score,
    band: bandDef.band,
    outcome: decision.outcome,
    route: decision.route,
    disqualificationReasons: decision.disqualificationReasons,
    missingInfo,
    contributions: scores.contributions,
    respondBy: decision.slaMinutes === null ? null : respondBy(c, now, decision.slaMinutes, decision.slaClock),
    recheckAt: decision.outcome === 'nurture' ? recheckDate(c, now, criteria.recheckAfterDays) : null,
    criteriaVersion: c.version,
    criteriaHash: c.hash,
    safetyFlag,
    why: explainOutcome({ outcome: decision.outcome, route: decision.route, band: bandDef.band, score: scores.score, basis: decision.basis, disqualificationReasons: decision.disqualificationReasons, missingInfo, contributions: scores.contributions }),
    safety: enrichment.safety,
  };
}

/**
 * Negation and history only ever work in the safe direction: an inquiry whose only emergency
 * mentions are negated or past ("not an emergency", "stroke in 2019") is not flagged, but unless
 * the admin chose `negatedMentions: "ignore"` it is not disqualified or nurtured either — a
 * person reads it first.
 */
function applySafetyFloor(c: CompiledCriteria, safety: ContactSafety, decision: Decision): Decision {
  if (safety.flagged || safety.hedged.length === 0 || c.criteria.safety.negatedMentions === 'ignore') return decision;
  if (decision.outcome !== 'disqualified' && decision.outcome !== 'nurture') return decision;
  return { outcome: 'needs_review', route: 'clinical_review', slaMinutes: c.criteria.missingInfo.reviewSlaMinutes, slaClock: 'business_hours', disqualificationReasons: [], basis: 'safety' };
}

function decide(c: CompiledCriteria, signals: SignalValues, safetyFlag: boolean, band: BandDefinition, missingInfo: readonly MissingInfoCode[], scores: Scores, guardianNeeded: boolean): Decision {
  const safety = c.criteria.safety;
  if (safetyFlag) {
    return { outcome: 'needs_review', route: 'clinical_review', slaMinutes: safety.slaMinutes, slaClock: safety.slaClock ?? 'business_hours', disqualificationReasons: [], basis: 'safety' };
  }
  const stops = c.hardStops.filter((s) => s.test(signals));
  if (stops.length > 0) {
    const reasons = [...new Set(stops.map((s) => s.reason))];
    return { outcome: 'disqualified', route: (stops[0] as (typeof stops)[number]).route, slaMinutes: null, slaClock: 'business_hours', disqualificationReasons: reasons, basis: 'stop' };
  }
  if (guardianNeeded) {
    // A minor writing for themselves: intake asks for a parent or guardian before anything else.
    const slaMinutes = band.outcome === 'care_ready' && band.slaMinutes !== null ? band.slaMinutes : c.criteria.missingInfo.reviewSlaMinutes;
    return { outcome: 'needs_review', route: 'request_missing_info', slaMinutes, slaClock: band.slaClock ?? 'business_hours', disqualificationReasons: [], basis: 'guardian' };
  }
  const gated = band.outcome === 'care_ready' && !passesReadinessGate(c, scores, signals);
  const outcome = gated ? 'nurture' : band.outcome;
  if (outcome !== 'care_ready' && missingInfo.some((code) => c.reviewWhenMissing.has(code))) {
    return { outcome: 'needs_review', route: 'request_missing_info', slaMinutes: band.outcome === 'needs_review' && band.slaMinutes !== null ? band.slaMinutes : c.criteria.missingInfo.reviewSlaMinutes, slaClock: band.slaClock ?? 'business_hours', disqualificationReasons: [], basis: 'missing_info' };
  }
  if (gated) return { outcome: 'nurture', route: 'nurture_sequence', slaMinutes: null, slaClock: 'business_hours', disqualificationReasons: [], basis: 'not_ready' };
  return { outcome: band.outcome, route: band.route, slaMinutes: band.slaMinutes, slaClock: band.slaClock ?? 'business_hours', disqualificationReasons: [], basis: 'band' };
}

/** Under 18 by date of birth or by their own words, and not written by a parent or guardian. */
function needsGuardianConsent(e: Enrichment, now: Date): boolean {
  if (e.signals['decisionMaker.status'] === 'on_behalf') return false;
  const age = e.birthDate !== null ? ageInYears(e.birthDate, now) : e.statedAge;
  return age !== null && age >= 0 && age < ADULT_AGE_YEARS;
}

const ADULT_AGE_YEARS = 18;

/** No "not now" timeline, and readiness or intent reaches the template's minimum (no gate: always). */
function passesReadinessGate(c: CompiledCriteria, scores: Scores, signals: SignalValues): boolean {
  const gate = c.criteria.readinessGate;
  if (gate === undefined) return true;
  if (gate.notReadyTimelines.includes(signals['timeline.bucket'])) return false;
  return scores.readinessScore >= gate.minReadinessScore || scores.intentScore >= gate.minIntentScore;
}

/**
 * Time-zone arithmetic goes through Intl (a few µs a call), and a batch shares one `now`, so
 * answers are memoised for the latest `now` on the compiled criteria, by amount (no key string per
 * contact). Each result gets its own Date.
 */
function datesFor(c: CompiledCriteria, now: Date): DateMemo['dates'] {
  const memo = c.dateMemo;
  const at = now.getTime();
  if (memo.now !== at || memo.dates.sla.size + memo.dates.recheck.size >= RESPOND_BY_MEMO_LIMIT) {
    memo.now = at;
    memo.dates = { sla: new Map(), recheck: new Map() };
  }
  return memo.dates;
}

function respondBy(c: CompiledCriteria, now: Date, minutes: number, clock: 'business_hours' | 'calendar'): Date {
  if (clock === 'calendar') return new Date(now.getTime() + minutes * 60_000);
  return remembered(datesFor(c, now).sla, minutes, now, c, addBusinessMinutes);
}

function recheckDate(c: CompiledCriteria, now: Date, days: number): Date {
  return remembered(datesFor(c, now).recheck, days, now, c, addLocalDays);
}

/** The date `amount` after `now` on the practice's clock, worked out once per batch; a fresh Date for each result. */
function remembered(known: Map<number, Date>, amount: number, now: Date, c: CompiledCriteria, compute: (now: Date, amount: number, clock: CompiledCriteria['clock']) => Date): Date {
  let at = known.get(amount);
  if (at === undefined) {
    at = compute(now, amount, c.clock);
    known.set(amount, at);
  }
  return new Date(at.getTime());
}
