import { CODE_LABELS, type CriteriaIssue } from '../../../core';
import { OPERATOR_WORDS, signalLabel, valueWord } from './views/signal-words';
import { PROPERTY_INPUTS } from './views/criteria-advanced.view';

/**
 * The one place where a validation issue's criteria path (`serviceLines[1].label`) and message
 * become words an admin reads: "Service line 2 needs a name". Paths never reach the page.
 */

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const ordinalOf = (n: string) => Number(n) + 1;
const quoted = (name: unknown) => (typeof name === 'string' && name.trim() ? ` “${name.trim()}”` : '');
const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const DAYS: Record<string, string> = { mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday', sat: 'Saturday', sun: 'Sunday' };
const PROPERTY_LABELS: Record<string, string> = Object.fromEntries([...PROPERTY_INPUTS.map((p) => [p.key, p.label]), ['dateOfBirth', 'Date of birth']]);

const bandName = (doc: Doc, i: number): string => {
  const band = doc.bands?.[i]?.band;
  return typeof band === 'string' ? `${CODE_LABELS[band] ?? band} band`.replace(/^./, (c) => c.toLowerCase()) : `band ${i + 1}`;
};

/** The thing a path is about, in words, and how many path characters that took. */
const ITEMS: Array<[RegExp, (m: RegExpExecArray, doc: Doc) => string]> = [
  [/^locations\[(\d+)\]/, (m, d) => `Location ${ordinalOf(m[1]!)}${quoted(d.locations?.[m[1]!]?.name)}`],
  [/^serviceLines\[(\d+)\]/, (m, d) => `Service line ${ordinalOf(m[1]!)}${quoted(d.serviceLines?.[m[1]!]?.label)}`],
  [/^payers\.accepted\[(\d+)\]/, (m, d) => `Payer ${ordinalOf(m[1]!)}${quoted(d.payers?.accepted?.[m[1]!]?.label)}`],
  [/^rules\.(fit|intent|readiness)\[(\d+)\]/, (m, d) => `${capital(m[1]!)} rule ${ordinalOf(m[2]!)}${quoted(d.rules?.[m[1]!]?.[m[2]!]?.reason)}`],
  [/^rules\.(fit|intent|readiness)/, (m) => `The ${m[1]} rules`],
  [/^hardStops\[(\d+)\]/, (m) => `Hard stop ${ordinalOf(m[1]!)}`],
  [/^bands\[(\d+)\]/, (m, d) => capital(`the ${bandName(d, Number(m[1]))}`)],
  [/^businessHours\.week\.(\w+)/, (m) => `${DAYS[m[1]!] ?? m[1]}’s hours`],
  [/^businessHours\.week/, () => 'Business hours'],
  [/^businessHours\.closedDates\[(\d+)\]/, (m) => `Closed date ${ordinalOf(m[1]!)}`],
  [/^businessHours\.timeZone/, () => 'The time zone'],
  [/^servedStates\[(\d+)\]/, (m) => `State ${ordinalOf(m[1]!)} in “States served”`],
  [/^propertyMap\.(\w+)\[(\d+)\]/, (m) => `Field mapping “${PROPERTY_LABELS[m[1]!] ?? m[1]}”, choice ${ordinalOf(m[2]!)}`],
  [/^scoring\.weights\.(fit|intent|readiness)/, (m) => `The ${m[1]} weight`],
  [/^scoring\.weights/, () => 'The fit, intent and readiness weights'],
  [/^safety\.slaMinutes/, () => 'The emergency response time'],
  [/^safety\.phrases\[(\d+)\]/, (m) => `Emergency phrase ${ordinalOf(m[1]!)}`],
  [/^missingInfo\.reviewSlaMinutes/, () => 'The needs-review response time'],
  [/^followUp\.(ownerIds|clinicalReviewerIds)\[(\d+)\]/, (m) => `${m[1] === 'ownerIds' ? 'Follow-up owner' : 'Clinical reviewer'} ${ordinalOf(m[2]!)}`],
  [/^name$/, () => 'The criteria name'],
  [/^recheckAfterDays/, () => 'The re-check delay'],
];

const FIELD_WORDS: Record<string, string> = {
  name: 'name', label: 'name', id: 'id', zip: 'ZIP code', state: 'state', serviceRadiusMiles: 'radius', latitude: 'latitude', longitude: 'longitude',
  keywords: 'keywords', aliases: 'aliases', formValues: 'form option values', valueTier: 'value', points: 'points', reason: 'reason', when: 'condition',
  route: 'next step', minScore: 'starting score', outcome: 'outcome', slaMinutes: 'response time', slaClock: 'clock', open: 'opening time',
  close: 'closing time', band: 'band',
};
const NEEDS: Record<string, string> = {
  name: 'a name', label: 'a name', id: 'an id', keywords: 'at least one keyword', when: 'a condition', reason: 'a reason', zip: 'a ZIP code',
  points: 'points', serviceRadiusMiles: 'a radius', open: 'an opening time', close: 'a closing time',
};
const EMPTY = /^(is required|must not be empty|must list at least one item|must be a non-empty list|must be a condition: an object with "signal", "all", "any" or "not")$/;

/** A message with the code names it may carry (bands[0].minScore, safety.slaMinutes, signal names) put in words. */
export function plainMessage(message: string, doc: Doc = {}): string {
  return message
    .replace(/must be lower than bands\[(\d+)\]\.minScore: list bands from highest to lowest without overlap/, (_m, i: string) => `must be lower than the starting score of the ${bandName(doc, Number(i))} (list bands from highest to lowest)`)
    .replace('must not be shorter than safety.slaMinutes: emergency mentions are answered first', 'must not be shorter than the emergency response time (emergency mentions are answered first)')
    .replace('must also be listed in missingInfo.track', 'must also be tracked as missing information')
    .replace(/must be one of ([\w, ]+) for the signal ([\w.]+)/, (_m, ops: string, signal: string) => `must be ${ops.split(', ').map((o) => `“${OPERATOR_WORDS[o as keyof typeof OPERATOR_WORDS] ?? o}”`).join(' or ')} for “${signalLabel(signal)}”`)
    .replace(/^must be one of:? ([\w, -]+)$/, (_m, values: string) => `must be one of: ${values.split(', ').map((v) => CODE_LABELS[v] ?? valueWord(v)).join(', ')}`)
    .replace(/^refers to a (service line|payer|location) id that is not defined$/, 'refers to a $1 that is not in these criteria')
    .replace(/^must be a condition: an object with "signal", "all", "any" or "not"$/, 'needs something to check');
}

/** One issue as a sentence naming the item: "Service line 2 needs a name", "Location 1 “Midtown”: ZIP code must be a five-digit ZIP code". */
export function describeCriteriaIssue(issue: CriteriaIssue, doc: Doc = {}): string {
  const message = plainMessage(issue.message, doc);
  for (const [re, name] of ITEMS) {
    const m = re.exec(issue.path);
    if (!m) continue;
    const item = name(m, doc);
    const rest = issue.path.slice(m[0].length).replace(/^\./, '');
    const key = /^[A-Za-z]+/.exec(rest)?.[0];
    if (!key) return issue.message === 'is required' ? `${item} is missing` : `${item} ${message}`;
    const condition = key === 'when' && rest !== 'when';
    if (!condition && EMPTY.test(issue.message)) return `${item} needs ${NEEDS[key] ?? `a ${FIELD_WORDS[key] ?? key}`}`;
    if (condition && /\.signal$/.test(rest) && EMPTY.test(issue.message)) return `${item} needs something to check in its condition`;
    return `${item}: ${FIELD_WORDS[key] ?? key} ${message}`;
  }
  return `${issue.path ? capital(issue.path.split(/[.[]/)[0]!.replace(/([A-Z])/g, ' $1').toLowerCase()) : 'The criteria'} ${message}`;
}
