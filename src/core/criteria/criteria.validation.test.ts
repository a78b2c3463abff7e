import { buildDefaultCriteria } from '../templates/default-criteria.template';
import { buildSimplePointModelCriteria } from '../templates/simple-point-model.template';
import { CriteriaSchema, type Criteria } from './criteria.schema';
import { CriteriaValidationError, parseCriteria, validateCriteria } from './criteria.validation';

/** A deep copy of the default template as plain JSON, as the console would submit it. */
function doc(): Record<string, any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  return JSON.parse(JSON.stringify(buildDefaultCriteria()));
}

type Mutation = (d: ReturnType<typeof doc>) => void;

const invalid: [string, Mutation, string, RegExp][] = [
  ['a required field is missing', (d) => delete d.name, 'name', /is required/],
  ['the schema version is wrong', (d) => (d.schemaVersion = 2), 'schemaVersion', /must be one of: 1/],
  ['the time zone is not IANA', (d) => (d.businessHours.timeZone = 'Eastern Time'), 'businessHours.timeZone', /IANA time zone/],
  ['a band SLA is negative', (d) => (d.bands[1].slaMinutes = -5), 'bands[1].slaMinutes', /at least 0/],
  ['a band SLA is fractional', (d) => (d.bands[1].slaMinutes = 2.5), 'bands[1].slaMinutes', /whole number/],
  ['bands are unsorted', (d) => (d.bands[1].minScore = 80), 'bands[1].minScore', /lower than bands\[0\]\.minScore/],
  ['bands overlap (same threshold)', (d) => (d.bands[1].minScore = 70), 'bands[1].minScore', /without overlap/],
  ['the last band does not start at 0', (d) => (d.bands[2].minScore = 10), 'bands[2].minScore', /must be 0/],
  ['a band is listed twice', (d) => (d.bands[1].band = 'high'), 'bands[1].band', /listed twice/],
  ['a band uses an unknown outcome', (d) => (d.bands[0].outcome = 'hot'), 'bands[0].outcome', /must be one of: care_ready, nurture, needs_review/],
  ['a band routes to refer_out', (d) => (d.bands[0].route = 'refer_out'), 'bands[0].route', /must be one of/],
  ['a needs_review band routes to a nurture sequence (outcome and route contradict)', (d) => Object.assign(d.bands[2], { outcome: 'needs_review', route: 'nurture_sequence' }), 'bands[2].route', /does not fit the outcome Needs review: use Clinical review or Ask for missing information/],
  ['a care-ready band routes to clinical review', (d) => (d.bands[0].route = 'clinical_review'), 'bands[0].route', /does not fit the outcome Care-ready/],
  ['the readiness gate asks for a score above 100', (d) => (d.readinessGate.minReadinessScore = 120), 'readinessGate.minReadinessScore', /at most 100/],
  ['the safety SLA is longer than a band SLA', (d) => (d.safety.slaMinutes = 30), 'bands[0].slaMinutes', /safety\.slaMinutes/],
  ['a condition names an unknown signal', (d) => (d.rules.intent[0].when.any[0].signal = 'intent.bookingRequest'), 'rules.intent[0].when.any[0].signal', /not a known signal/],
  ['an operator does not fit the signal', (d) => (d.rules.fit[0].when = { signal: 'serviceLine.valueTier', op: 'gte', value: 3 }), 'rules.fit[0].when.op', /must be one of is, isNot, in, notIn/],
  ['an enum value is not allowed', (d) => (d.rules.fit[0].when.value = 'gold'), 'rules.fit[0].when.value', /must be one of premium, standard, basic, unknown/],
  ['a boolean condition gets text', (d) => (d.rules.intent[1].when.value = 'yes'), 'rules.intent[1].when.value', /true or false/],
  ['a number comparison gets text', (d) => (d.rules.intent[6].when.value = 'five'), 'rules.intent[6].when.value', /must be a number/],
  ['between has its limits reversed', (d) => (d.rules.intent[6].when = { signal: 'engagement.pageViews', op: 'between', value: [9, 2] }), 'rules.intent[6].when.value', /lowest first/],
  ['in gets an empty list', (d) => (d.rules.readiness[9].when.all[1].value = []), 'rules.readiness[9].when.all[1].value', /non-empty list/],
  ['all is empty', (d) => (d.hardStops[4].when = { any: [] }), 'hardStops[4].when.any', /non-empty list/],
  ['a condition is not an object', (d) => (d.hardStops[0].when = 'consent is denied'), 'hardStops[0].when', /must be a condition/],
  ['a condition mixes keys', (d) => (d.hardStops[0].when.extra = 1), 'hardStops[0].when.extra', /not a recognised part/],
  ['a condition is nested too deeply', (d) => (d.hardStops[0].when = { not: { not: { not: { not: { not: { not: { not: d.hardStops[0].when } } } } } } }), 'hardStops[0].when.not.not.not.not.not.not', /nested too deeply/],
  ['a reason holds a NUL character (PostgreSQL refuses it)', (d) => (d.rules.fit[0].reason = 'close\u0000by'), 'rules.fit[0].reason', /control characters/],
  ['a service line label holds a line break', (d) => (d.serviceLines[0].label = 'Derm\natology'), 'serviceLines[0].label', /control characters/],
  ['the practice name holds an escape character', (d) => (d.name = 'Midtown \u001b[31m'), 'name', /control characters/],
  ['a condition refers to an undefined service line', (d) => (d.hardStops[0].when = { signal: 'serviceLine.id', op: 'is', value: 'dermatology' }), 'hardStops[0].when', /service line id that is not defined/],
  ['a condition refers to an undefined payer', (d) => (d.rules.fit[6].when = { signal: 'payer.id', op: 'in', value: ['aetna', 'kaiser'] }), 'rules.fit[6].when', /payer id that is not defined/],
  ['a service radius is negative', (d) => (d.locations[0].serviceRadiusMiles = -3), 'locations[0].serviceRadiusMiles', /greater than 0/],
  ['a location has neither ZIP nor coordinates', (d) => delete d.locations[0].zip, 'locations[0].zip', /required unless latitude/],
  ['a location has only a latitude', (d) => { delete d.locations[0].zip; d.locations[0].latitude = 40.7; }, 'locations[0].longitude', /required when the other/],
  ['a location ZIP is not in the dataset', (d) => (d.locations[0].zip = '00000'), 'locations[0].zip', /not a ZIP code we can locate/],
  ['a location ZIP is malformed', (d) => (d.locations[0].zip = '1001'), 'locations[0].zip', /five-digit ZIP/],
  ['two locations share an id', (d) => (d.locations[1].id = 'midtown'), 'locations[1].id', /used twice/],
  ['two service lines share an id', (d) => (d.serviceLines[3].id = 'spine'), 'serviceLines[3].id', /used twice/],
  ['two payers share an id', (d) => (d.payers.accepted[2].id = 'aetna'), 'payers.accepted[2].id', /used twice/],
  ['two payers share an alias', (d) => d.payers.accepted[2].aliases.push('Blue Cross'), 'payers.accepted[2].aliases[2]', /alias of another payer/],
  ['two rules in different dimensions share an id', (d) => (d.rules.intent[0].id = 'reachable'), 'rules.intent[0].id', /unique across fit, intent and readiness/],
  ['an id has capitals and spaces', (d) => (d.rules.fit[0].id = 'Premium Service'), 'rules.fit[0].id', /lower-case letters/],
  ['points are text', (d) => (d.rules.fit[0].points = '30'), 'rules.fit[0].points', /must be a number/],
  ['points are zero', (d) => (d.rules.fit[0].points = 0), 'rules.fit[0].points', /must not be 0/],
  ['points exceed 100', (d) => (d.rules.fit[0].points = 150), 'rules.fit[0].points', /at most 100/],
  ['a reason uses an unknown placeholder', (d) => (d.rules.fit[3].reason = 'near {firstname}'), 'rules.fit[3].reason', /unknown placeholder/],
  ['a reason is empty', (d) => (d.rules.fit[3].reason = ''), 'rules.fit[3].reason', /must not be empty/],
  ['a dimension has only negative rules', (d) => (d.rules.readiness = [d.rules.readiness[4]]), 'rules.readiness', /positive points/],
  ['a hard stop uses an unknown reason code', (d) => (d.hardStops[0].reason = 'too_far'), 'hardStops[0].reason', /out_of_service_area/],
  ['two hard stops share an id', (d) => (d.hardStops[1].id = 'out-of-area'), 'hardStops[1].id', /used twice/],
  ['opening hours are reversed', (d) => (d.businessHours.week.mon = { open: '18:00', close: '08:00' }), 'businessHours.week.mon.close', /later than the opening/],
  ['an opening time is malformed', (d) => (d.businessHours.week.tue.open = '8am'), 'businessHours.week.tue.open', /24-hour clock/],
  ['every day is closed', (d) => Object.keys(d.businessHours.week).forEach((k) => (d.businessHours.week[k] = null)), 'businessHours.week', /at least one open day/],
  ['a closed date does not exist', (d) => (d.businessHours.closedDates = ['2026-02-30']), 'businessHours.closedDates[0]', /real calendar date/],
  ['weights do not add up to 1', (d) => (d.scoring.weights.fit = 0.9), 'scoring.weights', /add up to 1/],
  ['an unknown setting is present', (d) => (d.colour = 'blue'), '', /settings we do not recognise: colour/],
  ['a property name is not a HubSpot internal name', (d) => (d.propertyMap.zip = ['Zip Code']), 'propertyMap.zip[0]', /internal property name/],
  ['a missing-info review code is not tracked', (d) => d.missingInfo.reviewWhenMissing.push('documents'), 'missingInfo.reviewWhenMissing[2]', /missingInfo\.track/],
  ['recheckAfterDays is zero', (d) => (d.recheckAfterDays = 0), 'recheckAfterDays', /at least 1/],
  ['no safety phrases are given', (d) => (d.safety.phrases = []), 'safety.phrases', /at least one item/],
  ['a follow-up owner id is not numeric', (d) => (d.followUp = { ownerIds: ['jane'] }), 'followUp.ownerIds[0]', /owner id/],
];

describe('validateCriteria', () => {
  it.each([['default', buildDefaultCriteria()], ['simple point model', buildSimplePointModelCriteria()]])('when the %s template is validated, then it is valid', (_n, criteria) => {
    expect(validateCriteria(criteria)).toEqual({ ok: true, criteria });
  });

  it.each(invalid)('when %s, then it is rejected at the field path with a plain message', (_name, mutate, path, message) => {
    const d = doc();
    mutate(d);
    const result = validateCriteria(d);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const issue = result.issues.find((i) => i.path === path);
    expect({ issues: result.issues, found: issue !== undefined }).toMatchObject({ found: true });
    expect(issue?.message).toMatch(message);
  });

  it('when the document is not an object, then it says so at the root', () => {
    expect(validateCriteria('criteria')).toEqual({ ok: false, issues: [{ path: '', message: 'must be a group of settings' }] });
  });

  it('when several fields are wrong, then every problem is reported', () => {
    const d = doc();
    d.name = '';
    d.recheckAfterDays = -1;
    d.bands[0].slaMinutes = 'soon';
    const result = validateCriteria(d);
    expect(result.ok ? [] : result.issues.map((i) => i.path).sort()).toEqual(['bands[0].slaMinutes', 'name', 'recheckAfterDays']);
  });
});

describe('parseCriteria', () => {
  it('when the document is invalid, then it throws CriteriaValidationError with code and issues, without repeating values', () => {
    const d = doc();
    d.businessHours.timeZone = 'Secret/Zone-42';
    let error: unknown;
    try {
      parseCriteria(d);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CriteriaValidationError);
    const err = error as CriteriaValidationError;
    expect(err.code).toBe('criteria.invalid');
    expect(err.issues).toEqual([{ path: 'businessHours.timeZone', message: 'must be an IANA time zone such as America/New_York' }]);
    expect(err.message).not.toContain('Secret/Zone-42');
  });

  it('when the document is valid, then the parsed criteria equal it', () => {
    const criteria: Criteria = buildDefaultCriteria();
    expect(parseCriteria(JSON.parse(JSON.stringify(criteria)))).toEqual(criteria);
  });

  it('when CriteriaSchema is used directly, then cross-field checks apply too', () => {
    const d = doc();
    d.bands[1].minScore = 90;
    expect(CriteriaSchema.safeParse(d).success).toBe(false);
  });
});
