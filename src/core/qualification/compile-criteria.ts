import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { listLeaves } from '../criteria/condition.schema';
import type { BandDefinition, Criteria, PropertyMap, Rule } from '../criteria/criteria.schema';
import { criteriaHash } from '../criteria/criteria.hash';
import { DIMENSIONS, type Dimension, type DisqualificationReason, type MissingInfoCode } from '../criteria/vocabulary';
import { compileInquiryMatcher } from '../enrichment/inquiry-text.enrichment';
import { compilePayerIndex, type PayerIndex } from '../enrichment/payer.enrichment';
import { PhraseMatcher } from '../enrichment/phrase-matcher';
import { memoizeShortText } from '../enrichment/short-text-memo';
import { tokenize } from '../enrichment/text-normalize';
import { compileServiceArea, type ServiceArea } from '../enrichment/location.enrichment';
import { compileServiceLineIndex, type ServiceLineIndex } from '../enrichment/service-line.enrichment';
import { getBuiltInSafetyScreen } from '../safety/safety-lexicon.registry';
import type { SafetyScreen } from '../safety/safety-screen';
import { compileCustomSafetyScreen, safetyTextProperties } from '../safety/screen-contact';
import { compileBusinessClock, type BusinessClock } from './business-hours';
import { compileCondition, type Predicate } from './condition.compile';
import { compileReason, type ReasonRenderer } from './reason-text';

/** A rule ready to evaluate. */
export interface CompiledRule {
  readonly rule: Rule;
  readonly dimension: Dimension;
  readonly test: Predicate;
  /** The first signal the condition reads, reported as the contribution's signal. */
  readonly signal: string;
  readonly render: ReasonRenderer;
}

/** Everything the engine needs from a criteria version, prepared once. */
export interface CompiledCriteria {
  readonly criteria: Criteria;
  readonly hash: string;
  readonly version: string;
  readonly props: PropertyMap;
  readonly textMatcher: PhraseMatcher;
  /** The clinical-safety screen: built-in lexicon, the practice's own phrases, and the properties it reads. */
  readonly safety: { readonly builtIn: SafetyScreen; readonly custom: SafetyScreen | null; readonly lexiconVersion: string; readonly properties: readonly string[] };
  /** Which forms the conversion event names (joined) tell of: an appointment form, a guide download. Remembered per value. */
  readonly conversionForms: (events: string) => ConversionForms;
  readonly serviceArea: ServiceArea;
  readonly payers: PayerIndex;
  readonly serviceLines: ServiceLineIndex;
  /**
   * Per dimension, in rule order: each slot is one rule, or one group's rules sorted by points
   * (highest first) so the first that matches is the one that counts.
   */
  readonly rules: Readonly<Record<Dimension, readonly (readonly CompiledRule[])[]>>;
  /** Points that make a dimension 100: the best outcome of each group plus every other positive rule. */
  readonly maxPoints: Readonly<Record<Dimension, number>>;
  readonly hardStops: readonly { readonly test: Predicate; readonly reason: DisqualificationReason; readonly route: 'refer_out' | 'no_outreach' }[];
  readonly bands: readonly BandDefinition[];
  readonly clock: BusinessClock;
  readonly track: readonly MissingInfoCode[];
  readonly reviewWhenMissing: ReadonlySet<MissingInfoCode>;
  /** Respond-by and re-check dates for the current batch's `now` (same now, same amount → same date). */
  readonly dateMemo: DateMemo;
}

/** Dates already worked out for one `now` (epoch ms), by SLA minutes and by re-check days. */
export interface DateMemo {
  now: number;
  dates: { readonly sla: Map<number, Date>; readonly recheck: Map<number, Date> };
}

/** What a contact's conversion events tell of the forms it filled in. */
export interface ConversionForms {
  readonly appointmentForm: boolean;
  readonly guideDownload: boolean;
}

const cache = new WeakMap<Criteria, CompiledCriteria>();
/**
 * How many documents' compiled criteria are kept by text: as many as the worker's published-criteria
 * cache holds portals (PUBLISHED_CACHE_MAX_PORTALS). One compiled document is ~215–265 KB of heap, and
 * the worker runs with a 192 MB old space (src/main/worker-node-options.ts): 1,000 would not fit.
 */
export const COMPILED_DOCUMENTS_KEPT = 200;
/** Compiled criteria by the exact text of their document (sha256), for a document read again; least recently used leave first. */
const byDocument = new LRUCache<string, CompiledCriteria>({ max: COMPILED_DOCUMENTS_KEPT });

/**
 * Prepares a criteria document for fast evaluation: phrase tries, alias maps, location radians,
 * closures for every condition, the business clock. Cached per criteria object (WeakMap), and per
 * document text: the worker's criteria cache reads a portal's published version again every few
 * seconds (a new object, the same document), and a second read costs a hash of its JSON (~0.1 ms)
 * instead of a compile (~4 ms). Criteria are immutable values: mutate a parsed document and the
 * cache will not notice — parse a new one instead.
 */
export function compileCriteria(criteria: Criteria): CompiledCriteria {
  const cached = cache.get(criteria);
  if (cached) return cached;
  const builtIn = getBuiltInSafetyScreen();
  // Key order is part of the key: some compiled parts follow the document's order.
  const key = `${builtIn.version}|${createHash('sha256').update(JSON.stringify(criteria)).digest('hex')}`;
  let compiled = byDocument.get(key);
  if (compiled === undefined || compiled.safety.builtIn !== builtIn.screen) {
    compiled = buildCompiled(criteria);
    byDocument.set(key, compiled);
  }
  cache.set(criteria, compiled);
  return compiled;
}

function buildCompiled(criteria: Criteria): CompiledCriteria {
  const hash = criteriaHash(criteria);
  const rules = Object.fromEntries(DIMENSIONS.map((d) => [d, toSlots(criteria.rules[d].map((rule) => compileRule(rule, d)))])) as Record<Dimension, CompiledRule[][]>;
  const maxPoints = Object.fromEntries(DIMENSIONS.map((d) => [d, computeMaxPoints(criteria.rules[d])])) as Record<Dimension, number>;
  const builtIn = getBuiltInSafetyScreen();
  return {
    criteria,
    hash,
    version: criteria.version ?? `sha256:${hash.slice(0, 12)}`,
    props: criteria.propertyMap,
    textMatcher: compileInquiryMatcher(criteria),
    safety: {
      builtIn: builtIn.screen,
      custom: compileCustomSafetyScreen(criteria.safety.phrases, builtIn.screen, criteria.practiceSafetyPhrases),
      lexiconVersion: builtIn.version,
      properties: safetyTextProperties(criteria),
    },
    conversionForms: compileConversionForms(criteria),
    serviceArea: compileServiceArea(criteria),
    payers: compilePayerIndex(criteria),
    serviceLines: compileServiceLineIndex(criteria),
    rules,
    maxPoints,
    hardStops: criteria.hardStops.map((stop) => ({ test: compileCondition(stop.when), reason: stop.reason, route: stop.route })),
    bands: criteria.bands,
    clock: compileBusinessClock(criteria.businessHours),
    track: trackedMissingInfo(criteria),
    reviewWhenMissing: new Set(criteria.missingInfo.reviewWhenMissing),
    dateMemo: { now: Number.NaN, dates: { sla: new Map(), recheck: new Map() } },
  };
}

/** Conversion event names read as forms: tag 0 = appointment form, tag 1 = guide download. */
function compileConversionForms(criteria: Criteria): (events: string) => ConversionForms {
  const matcher = new PhraseMatcher([
    ...criteria.inquiryPhrases.appointmentForms.map((phrase) => ({ phrase, tag: 0 })),
    ...criteria.inquiryPhrases.guideForms.map((phrase) => ({ phrase, tag: 1 })),
  ]);
  return memoizeShortText((events) => {
    const forms = matcher.count(tokenize(events));
    return { appointmentForm: (forms[0] ?? 0) > 0, guideDownload: (forms[1] ?? 0) > 0 };
  });
}

function compileRule(rule: Rule, dimension: Dimension): CompiledRule {
  return { rule, dimension, test: compileCondition(rule.when), signal: listLeaves(rule.when)[0]?.signal ?? 'unknown', render: compileReason(rule.reason) };
}

/** Groups rules into slots: ungrouped rules alone, grouped ones together, best points first. */
function toSlots(rules: CompiledRule[]): CompiledRule[][] {
  const slots: CompiledRule[][] = [];
  const byGroup = new Map<string, CompiledRule[]>();
  for (const r of rules) {
    const group = r.rule.group;
    if (group === undefined) {
      slots.push([r]);
      continue;
    }
    let slot = byGroup.get(group);
    if (slot === undefined) {
      slot = [];
      byGroup.set(group, slot);
      slots.push(slot);
    }
    slot.push(r);
  }
  for (const slot of byGroup.values()) slot.sort((a, b) => b.rule.points - a.rule.points);
  return slots;
}

/** Rules sharing a `group` do not add up (the best matching one counts), so they add their best. */
export function computeMaxPoints(rules: readonly Rule[]): number {
  const bestByGroup = new Map<string, number>();
  let total = 0;
  for (const rule of rules) {
    if (rule.group === undefined) total += Math.max(0, rule.points);
    else bestByGroup.set(rule.group, Math.max(bestByGroup.get(rule.group) ?? 0, rule.points));
  }
  for (const best of bestByGroup.values()) total += best;
  return total;
}

/** The signals whose input each missing-information code asks for. */
const SIGNALS_OF_CODE: Readonly<Record<MissingInfoCode, readonly string[]>> = {
  inquiry_details: ['inquiry.'], service_interest: ['serviceLine.'], location: ['location.'], insurance: ['payer.'], timeline: ['timeline.'],
  phone: ['phone.', 'contact.reachability'], email: ['email.', 'contact.reachability'], contact_method: ['contact.reachability'],
  decision_maker: ['decisionMaker.'], documents: ['documents.'], contact_consent: ['consent.'], guardian_consent: [],
};

/**
 * The tracked codes whose signal some rule, hard stop or the readiness gate actually reads: intake
 * is never told to ask for something the criteria ignore (issue 17).
 */
function trackedMissingInfo(criteria: Criteria): MissingInfoCode[] {
  const read = new Set<string>();
  for (const d of DIMENSIONS) for (const rule of criteria.rules[d]) for (const leaf of listLeaves(rule.when)) read.add(leaf.signal);
  for (const stop of criteria.hardStops) for (const leaf of listLeaves(stop.when)) read.add(leaf.signal);
  if (criteria.readinessGate?.notReadyTimelines.length) read.add('timeline.bucket');
  const used = (prefix: string) => [...read].some((signal) => signal.startsWith(prefix));
  return criteria.missingInfo.track.filter((code) => SIGNALS_OF_CODE[code].length === 0 || SIGNALS_OF_CODE[code].some(used));
}
