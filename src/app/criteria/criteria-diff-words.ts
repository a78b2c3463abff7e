import { CODE_LABELS } from '../../core';
import { diffCriteria, type CriteriaChange } from './criteria-diff';

/** One difference between two versions, named in words a practice admin uses. */
export interface CriteriaChangeInWords {
  /** What changed: "Location “Midtown” › service radius (miles)", never a code path. */
  field: string;
  kind: CriteriaChange['kind'];
  /** The raw values (a rule's condition stays an object, so the view can put it in words). */
  before: unknown;
  after: unknown;
}

/** Lists of rows, by their path in the document: what one row is called. */
const ROW_WORDS: Record<string, string> = {
  locations: 'Location', serviceLines: 'Service line', 'payers.accepted': 'Accepted payer', 'rules.fit': 'Fit rule',
  'rules.intent': 'Intent rule', 'rules.readiness': 'Readiness rule', hardStops: 'Hard stop', bands: 'Band',
};

/** Groups and fields whose words are not just their name split at capitals. */
const WORDS: Record<string, string> = {
  name: 'name', schemaVersion: 'format version', servedStates: 'states served', payers: 'Payers', selfPayAccepted: 'self-pay accepted',
  scoring: 'Scoring', combine: 'how scores combine', weights: 'weights', missingInfo: 'Missing information', track: 'asked about',
  reviewWhenMissing: 'send to review when missing', reviewSlaMinutes: 'review response time (minutes)', recheckAfterDays: 'Re-check after (days)',
  followUp: 'Follow-up', ownerIds: 'owners', clinicalReviewerIds: 'clinical reviewers', maxInquiryAgeDays: 'oldest inquiry to follow up (days)',
  businessHours: 'Business hours', timeZone: 'time zone', closedDates: 'closed dates', propertyMap: 'Field mapping',
  serviceRadiusMiles: 'service radius (miles)', zip: 'ZIP code', minScore: 'lowest score', minIntentScore: 'lowest intent score',
  minReadinessScore: 'lowest readiness score', slaMinutes: 'response time (minutes)', valueTier: 'value tier', when: 'condition',
  points: 'points', reason: 'reason', route: 'next step', outcome: 'outcome', label: 'label', aliases: 'other names', keywords: 'keywords',
  notReadyTimelines: 'timelines that mean not ready', screenProperties: 'properties screened', negatedMentions: 'negated mentions',
  inquiryPhrases: 'Inquiry phrases', formValues: 'form values',
};

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const splitWords = (key: string) => key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
const word = (key: string) => WORDS[key] ?? splitWords(key);
const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The row a list key names (its id, its band, else its position), as diffCriteria keys rows. */
function findRow(list: unknown, key: string): unknown {
  if (!Array.isArray(list)) return undefined;
  return list.find((item) => isRecord(item) && (item.id === key || item.band === key)) ?? (/^\d+$/.test(key) ? list[Number(key)] : undefined);
}

function rowName(row: unknown, key: string): string {
  if (!isRecord(row)) return key;
  for (const k of ['name', 'label', 'band', 'reason']) {
    const v = row[k];
    if (typeof v === 'string' && v) return CODE_LABELS[v] ?? v;
  }
  return key;
}

/** Reads a diff path back: its value in a document, and its name in words. */
function readPath(doc: unknown, path: string): { value: unknown; words: string[] } {
  const tokens = [...path.matchAll(/([^.[\]]+)|\[([^\]]+)\]/g)];
  let value: unknown = doc;
  let keys: string[] = [];
  const words: string[] = [];
  for (const [, key, rowKey] of tokens) {
    if (rowKey !== undefined) {
      const listPath = keys.join('.');
      const row = findRow(value, rowKey);
      words.push(`${ROW_WORDS[listPath] ?? capitalise(keys.map(word).join(' '))} “${rowName(row, rowKey)}”`);
      value = row;
      keys = [];
    } else if (key !== undefined) {
      keys.push(key);
      value = isRecord(value) ? value[key] : undefined;
    }
  }
  if (keys.length) words.push(keys.map(word).join(' › '));
  return { value, words };
}

/**
 * The field-level differences from `before` to `after` (see diffCriteria), each named in words:
 * rows by their name ("Location “Midtown”"), fields by what they mean ("service radius (miles)").
 */
export function describeCriteriaChanges(before: unknown, after: unknown): CriteriaChangeInWords[] {
  return diffCriteria(before, after).map((c) => {
    const a = readPath(before, c.path);
    const b = readPath(after, c.path);
    const named = c.kind === 'removed' ? a.words : b.words;
    return { field: capitalise(named.join(' › ')), kind: c.kind, before: c.kind === 'added' ? undefined : a.value, after: c.kind === 'removed' ? undefined : b.value };
  });
}
