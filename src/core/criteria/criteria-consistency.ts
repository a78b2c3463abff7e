import { listLeaves, type Condition } from './condition.schema';
import type { CriteriaShape } from './criteria-shape.schema';
import { REASON_PLACEHOLDERS } from './criteria-parts.schema';
import { SIGNAL_CATALOG, type SignalKind } from './signal-catalog';
import { ALLOWED_ROUTES, CODE_LABELS, DIMENSIONS, isAllowedRoute } from './vocabulary';
import { lookupZip } from '../enrichment/zip-lookup';
import { normalizeText } from '../enrichment/text-normalize';

/** A cross-field problem, located by path inside the document. */
export interface ConsistencyIssue {
  path: (string | number)[];
  message: string;
}

type Refs = Record<'serviceLines' | 'payers' | 'locations', Set<string>>;

/**
 * Checks what a field-by-field schema cannot: unique ids, references between parts, band order,
 * the safety SLA, business hours. Runs only on a document whose shape is already valid.
 */
export function checkCriteriaConsistency(c: CriteriaShape): ConsistencyIssue[] {
  const issues: ConsistencyIssue[] = [];
  const add = (path: (string | number)[], message: string) => issues.push({ path, message });
  checkUniqueIds(c, add);
  checkLocations(c, add);
  checkPayerAliases(c, add);
  checkRules(c, add);
  checkBands(c, add);
  checkOutcomeRoutes(c, add);
  checkHours(c, add);
  checkScoring(c, add);
  c.missingInfo.reviewWhenMissing.forEach((code, i) => {
    if (!c.missingInfo.track.includes(code)) add(['missingInfo', 'reviewWhenMissing', i], 'must also be listed in missingInfo.track');
  });
  return issues;
}

type Add = (path: (string | number)[], message: string) => void;

function checkUniqueIds(c: CriteriaShape, add: Add): void {
  const lists: [string, { id: string }[]][] = [['locations', c.locations], ['serviceLines', c.serviceLines], ['payers', c.payers.accepted], ['hardStops', c.hardStops]];
  for (const [name, list] of lists) {
    const seen = new Set<string>();
    list.forEach((item, i) => {
      const path = name === 'payers' ? ['payers', 'accepted', i, 'id'] : [name, i, 'id'];
      if (seen.has(item.id)) add(path, 'is used twice; ids must be unique');
      seen.add(item.id);
    });
  }
  const ruleIds = new Set<string>();
  for (const dim of DIMENSIONS) {
    c.rules[dim].forEach((rule, i) => {
      if (ruleIds.has(rule.id)) add(['rules', dim, i, 'id'], 'is used twice; rule ids must be unique across fit, intent and readiness');
      ruleIds.add(rule.id);
    });
  }
}

function checkLocations(c: CriteriaShape, add: Add): void {
  c.locations.forEach((loc, i) => {
    const hasCoords = loc.latitude !== undefined && loc.longitude !== undefined;
    const halfCoords = (loc.latitude === undefined) !== (loc.longitude === undefined);
    if (halfCoords) add(['locations', i, loc.latitude === undefined ? 'latitude' : 'longitude'], 'is required when the other coordinate is given');
    else if (loc.zip === undefined && !hasCoords) add(['locations', i, 'zip'], 'is required unless latitude and longitude are given');
    else if (loc.zip !== undefined && hasCoords) add(['locations', i, 'zip'], 'give either a ZIP code or coordinates, not both');
    else if (loc.zip !== undefined && !lookupZip(loc.zip)) add(['locations', i, 'zip'], 'is not a ZIP code we can locate; give latitude and longitude instead');
  });
}

function checkPayerAliases(c: CriteriaShape, add: Add): void {
  const owner = new Map<string, string>();
  c.payers.accepted.forEach((payer, i) => {
    payer.aliases.forEach((alias, j) => {
      const key = normalizeText(alias);
      const prior = owner.get(key);
      if (key.length === 0) add(['payers', 'accepted', i, 'aliases', j], 'must contain a letter or digit');
      else if (prior !== undefined && prior !== payer.id) add(['payers', 'accepted', i, 'aliases', j], 'is also an alias of another payer');
      owner.set(key, payer.id);
    });
  });
}

function checkRules(c: CriteriaShape, add: Add): void {
  const refs: Refs = {
    serviceLines: new Set(c.serviceLines.map((s) => s.id)),
    payers: new Set(c.payers.accepted.map((p) => p.id)),
    locations: new Set(c.locations.map((l) => l.id)),
  };
  for (const dim of DIMENSIONS) {
    const rules = c.rules[dim];
    rules.forEach((rule, i) => {
      checkRefs(rule.when, ['rules', dim, i, 'when'], refs, add);
      const unknown = (rule.reason.match(/\{[^}]*\}/g) ?? []).find((p) => !(REASON_PLACEHOLDERS as readonly string[]).includes(p));
      if (unknown) add(['rules', dim, i, 'reason'], `uses an unknown placeholder; allowed: ${REASON_PLACEHOLDERS.join(' ')}`);
    });
    if (rules.length > 0 && !rules.some((r) => r.points > 0)) {
      add(['rules', dim], 'needs at least one rule with positive points (or no rules at all)');
    }
  }
  c.hardStops.forEach((stop, i) => checkRefs(stop.when, ['hardStops', i, 'when'], refs, add));
}

function checkRefs(condition: Condition, base: (string | number)[], refs: Refs, add: Add): void {
  for (const leaf of listLeaves(condition)) {
    const spec: SignalKind = SIGNAL_CATALOG[leaf.signal];
    if (spec.kind !== 'ref' || leaf.value === undefined) continue;
    const values = Array.isArray(leaf.value) ? leaf.value : [leaf.value];
    if (values.some((v) => !refs[spec.of].has(String(v)))) {
      add([...base], `refers to a ${spec.of === 'serviceLines' ? 'service line' : spec.of === 'payers' ? 'payer' : 'location'} id that is not defined`);
    }
  }
}

function checkBands(c: CriteriaShape, add: Add): void {
  const seen = new Set<string>();
  c.bands.forEach((band, i) => {
    if (seen.has(band.band)) add(['bands', i, 'band'], 'is listed twice; each band appears once');
    seen.add(band.band);
    const prev = c.bands[i - 1];
    if (prev && band.minScore >= prev.minScore) add(['bands', i, 'minScore'], `must be lower than bands[${i - 1}].minScore: list bands from highest to lowest without overlap`);
    if (band.slaMinutes !== null && band.slaMinutes < c.safety.slaMinutes) add(['bands', i, 'slaMinutes'], 'must not be shorter than safety.slaMinutes: emergency mentions are answered first');
  });
  const last = c.bands[c.bands.length - 1];
  if (last && last.minScore !== 0) add(['bands', c.bands.length - 1, 'minScore'], 'must be 0 for the last band so that every score has a band');
}

function toMinutes(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

function checkHours(c: CriteriaShape, add: Add): void {
  const days = Object.entries(c.businessHours.week);
  for (const [day, hours] of days) {
    if (hours && toMinutes(hours.open) >= toMinutes(hours.close)) add(['businessHours', 'week', day, 'close'], 'must be later than the opening time');
  }
  if (days.every(([, hours]) => hours === null)) add(['businessHours', 'week'], 'needs at least one open day');
  (c.businessHours.closedDates ?? []).forEach((d, i) => {
    const t = Date.parse(`${d}T00:00:00Z`);
    if (!Number.isFinite(t) || new Date(t).toISOString().slice(0, 10) !== d) add(['businessHours', 'closedDates', i], 'is not a real calendar date');
  });
}

function checkScoring(c: CriteriaShape, add: Add): void {
  if (c.scoring.combine !== 'weighted_dimensions') return;
  const { fit, intent, readiness } = c.scoring.weights;
  if (Math.abs(fit + intent + readiness - 1) > 0.001) add(['scoring', 'weights'], 'must add up to 1 (for example 0.4, 0.35 and 0.25)');
}

/** Every band's outcome and route must be a combination of the one allowed table. */
function checkOutcomeRoutes(c: CriteriaShape, add: Add): void {
  c.bands.forEach((band, i) => {
    if (isAllowedRoute(band.outcome, band.route)) return;
    const allowed = ALLOWED_ROUTES[band.outcome].map((r) => CODE_LABELS[r] ?? r).join(' or ');
    add(['bands', i, 'route'], `does not fit the outcome ${CODE_LABELS[band.outcome] ?? band.outcome}: use ${allowed}`);
  });
}
