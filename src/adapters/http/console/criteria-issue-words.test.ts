import { buildDefaultCriteria, validateCriteria } from '../../../core';
import { describeCriteriaIssue } from './criteria-issue-words';

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The default template with one change, as an admin's form could send it. */
function changed(edit: (doc: Doc) => void): Doc {
  const doc = structuredClone(buildDefaultCriteria()) as Doc;
  edit(doc);
  return doc;
}

describe('validation issues in plain words', () => {
  it.each([
    ['a service line without a name', (d: Doc) => { d.serviceLines[1].label = ''; }, 'Service line 2 needs a name'],
    ['a service line without keywords', (d: Doc) => { d.serviceLines[0].keywords = []; }, 'Service line 1 “Joint replacement” needs at least one keyword'],
    ['a location with a bad ZIP', (d: Doc) => { d.locations[0].zip = '1001'; }, 'Location 1 “Midtown”: ZIP code must be a five-digit ZIP code'],
    ['a served state that is not a code', (d: Doc) => { d.servedStates = ['New York']; }, 'State 1 in “States served” must be a two-letter state code such as MA'],
    ['weights that do not add up', (d: Doc) => { d.scoring.weights.fit = 0.9; }, 'The fit, intent and readiness weights must add up to 1 (for example 0.4, 0.35 and 0.25)'],
    ['bands out of order', (d: Doc) => { d.bands[1].minScore = 90; }, 'The medium band: starting score must be lower than the starting score of the high band (list bands from highest to lowest)'],
    ['a band answered after emergencies', (d: Doc) => { d.bands[0].slaMinutes = 1; d.safety.slaMinutes = 10; }, 'The high band: response time must not be shorter than the emergency response time (emergency mentions are answered first)'],
    ['a rule without a condition', (d: Doc) => { delete d.rules.intent[1].when; }, 'Intent rule 2 “urgent need mentioned” needs a condition'],
    ['a rule with an operator that does not fit', (d: Doc) => { d.rules.readiness[0].when.op = 'gte'; }, 'Readiness rule 1 “wants care as soon as possible”: condition must be “is” or “is not” or “is any of” or “is none of” for “Timeline”'],
    ['a rule naming a payer not listed', (d: Doc) => { d.rules.fit[0].when = { signal: 'payer.id', op: 'is', value: 'cigna-x' }; }, 'Fit rule 1 “requested a premium service we offer”: condition refers to a payer that is not in these criteria'],
    ['closing before opening', (d: Doc) => { d.businessHours.week.mon = { open: '17:00', close: '09:00' }; }, 'Monday’s hours: closing time must be later than the opening time'],
    ['a mapped name HubSpot cannot have', (d: Doc) => { d.propertyMap.zip = ['Postal Code']; }, 'Field mapping “ZIP code”, choice 1 must be a HubSpot internal property name: lower-case letters, digits and "_"'],
    ['a criteria name left empty', (d: Doc) => { d.name = ''; }, 'The criteria name must not be empty'],
  ])('when the form holds %s, then the summary says it naming the item', (_name, edit, sentence) => {
    const doc = changed(edit);
    const result = validateCriteria(doc);
    expect(result.ok).toBe(false);
    const sentences = result.ok ? [] : result.issues.map((i) => describeCriteriaIssue(i, doc));
    expect(sentences).toContain(sentence);
    expect(sentences.join('\n')).not.toMatch(/\w\[\d+\]|\.minScore|safety\.|scoring\.|servedStates/);
  });
});
