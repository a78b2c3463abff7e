import type { Criteria } from '../criteria/criteria.schema';
import { buildDefaultCriteria } from '../templates/default-criteria.template';
import { buildSimplePointModelCriteria } from '../templates/simple-point-model.template';
import { buildContact } from '../testing/contact.factory';
import { qualifyContact } from './qualify';

const criteria = buildDefaultCriteria();
const simple = buildSimplePointModelCriteria();
/** Wednesday 10:00 in New York: the practice is open. */
const NOW = new Date('2026-03-11T14:00:00Z');

const run = (overrides: Parameters<typeof buildContact>[0] = {}, c: Criteria = criteria) => qualifyContact(buildContact(overrides), c, NOW);

describe('qualifyContact: hard stops', () => {
  it.each([
    ['the ZIP is far outside every radius', { zip: '02139' }, 'out_of_service_area', 'refer_out'],
    ['only a state outside the served states is known', { zip: null, state: 'CA' }, 'out_of_service_area', 'refer_out'],
    ['the requested service is not offered', { service_interest: 'Cosmetic dermatology' }, 'service_not_offered', 'refer_out'],
    ['consent was refused', { consent_to_contact: 'false' }, 'no_contact_consent', 'no_outreach'],
    ['the contact is flagged do-not-contact', { do_not_contact: 'true' }, 'no_contact_consent', 'no_outreach'],
    ['neither phone nor email works', { phone: '555-123', email: 'not-an-email' }, 'invalid_contact_details', 'no_outreach'],
    ['the message is marketing spam', { message: 'We offer SEO services and backlinks for your clinic' }, 'spam_or_test', 'no_outreach'],
    ['the email is an obvious test value', { email: 'test@test.com' }, 'spam_or_test', 'no_outreach'],
  ])('when %s, then the lead is disqualified with its reason and route', (_name, overrides, reason, route) => {
    const result = run(overrides);
    expect(result).toMatchObject({ outcome: 'disqualified', route, respondBy: null, recheckAt: null });
    expect(result.disqualificationReasons).toContain(reason);
  });

  it('when several hard stops hold, then every reason is listed once and the first stop decides the route', () => {
    const result = run({ zip: '02139', email: 'test@test.com' });
    expect(result.disqualificationReasons).toEqual(['out_of_service_area', 'spam_or_test']);
    expect(result.route).toBe('refer_out');
  });

  it('when the payer is not accepted under a criteria that makes that a hard stop, then payer_not_accepted is given', () => {
    const strict: Criteria = { ...criteria, hardStops: [...criteria.hardStops, { id: 'payer', when: { signal: 'payer.status', op: 'is', value: 'not_accepted' }, reason: 'payer_not_accepted', route: 'refer_out' }] };
    expect(run({ insurance_provider: 'Kaiser' }, strict).disqualificationReasons).toEqual(['payer_not_accepted']);
  });
});

describe('qualifyContact: bands', () => {
  it('when fit, intent and readiness are all strong, then the band is high: call now within 5 minutes', () => {
    const result = run({ service_interest: 'Joint replacement', treatment_timeline: 'ASAP', referral_source: 'Dr. Patel', hs_analytics_num_page_views: '9' });
    expect(result).toMatchObject({ band: 'high', outcome: 'care_ready', route: 'intake_call_now' });
    expect(result.score).toBeGreaterThanOrEqual(70);
    expect(result.respondBy?.toISOString()).toBe('2026-03-11T14:05:00.000Z');
  });

  it('when the lead is good but not urgent, then the band is medium: schedule a consult within 4 business hours', () => {
    const result = run();
    expect(result).toMatchObject({ band: 'medium', outcome: 'care_ready', route: 'schedule_consult' });
    expect(result.respondBy?.toISOString()).toBe('2026-03-11T18:00:00.000Z');
  });

  it('when little is known beyond a nearby ZIP and a service, then the band is low: nurture, no SLA, re-check in 30 days', () => {
    const result = run({ message: null, treatment_timeline: 'Later', insurance_provider: null, decision_maker: null, recent_conversion_event_name: null, first_conversion_event_name: null });
    expect(result).toMatchObject({ band: 'low', outcome: 'nurture', route: 'nurture_sequence', respondBy: null });
    expect(result.recheckAt?.toISOString()).toBe('2026-04-10T00:00:00.000Z');
  });

  it('when a nurture lead lacks an input the criteria review when missing, then it needs review, is routed to ask for it (not to a nurture sequence) with the review SLA', () => {
    const result = run({ message: null, service_interest: null, treatment_timeline: null, recent_conversion_event_name: null, first_conversion_event_name: null });
    expect(result).toMatchObject({ outcome: 'needs_review', route: 'request_missing_info', recheckAt: null });
    expect(result.missingInfo).toEqual(expect.arrayContaining(['inquiry_details', 'service_interest', 'timeline']));
    expect(result.respondBy?.toISOString()).toBe('2026-03-13T18:00:00.000Z');
  });
});

describe('qualifyContact: safety', () => {
  it('when the inquiry mentions an emergency, then it goes to clinical review with the shortest SLA even if a hard stop holds', () => {
    const result = run({ message: 'I have chest pain right now, should I come in?', zip: '02139', email: 'test@test.com' });
    expect(result).toMatchObject({ safetyFlag: true, outcome: 'needs_review', route: 'clinical_review', disqualificationReasons: [] });
    expect(result.respondBy?.toISOString()).toBe('2026-03-11T14:05:00.000Z');
  });

  it('when the safety SLA runs on the calendar, then it ignores business hours', () => {
    const c: Criteria = { ...criteria, safety: { ...criteria.safety, slaClock: 'calendar' } };
    const sunday = new Date('2026-03-15T03:00:00Z');
    expect(qualifyContact(buildContact({ message: 'thinking about suicide' }), c, sunday).respondBy?.toISOString()).toBe('2026-03-15T03:05:00.000Z');
  });
});

describe('qualifyContact: the playbooks worked examples', () => {
  it('when a consult request within two weeks comes from a nearby city with complete details, then readiness is high and it routes to scheduling', () => {
    const result = run({
      message: 'I would like to book an initial consult for my shoulder.', zip: '07030', state: 'NJ', service_interest: 'Sports medicine',
      treatment_timeline: 'within two weeks', decision_maker: 'Myself', insurance_provider: 'Cigna', phone: '(201) 555-0148',
    });
    expect(result).toMatchObject({ outcome: 'care_ready', route: 'schedule_consult', disqualificationReasons: [] });
    expect(result.readinessScore).toBeGreaterThanOrEqual(60);
    expect(result.missingInfo).toEqual([]);
    expect(result.contributions.map((c) => c.reason)).toEqual(expect.arrayContaining(['consultation requested', 'wants care within two weeks']));
  });

  it('when a guide is downloaded with location and service but timing "not sure", then the lead is nurtured and intake asks the timing', () => {
    const result = run({
      message: null, service_interest: 'Joint replacement', treatment_timeline: 'Not sure', insurance_provider: null, decision_maker: null,
      recent_conversion_event_name: 'Knee Replacement Guide Download', first_conversion_event_name: 'Knee Replacement Guide Download',
      hs_analytics_num_page_views: '3', hs_analytics_num_visits: '1',
    });
    expect(result).toMatchObject({ outcome: 'nurture', route: 'nurture_sequence', respondBy: null });
    expect(result.missingInfo).toContain('timeline');
    expect(result.contributions.map((c) => c.ruleId)).toContain('guide-download');
    expect(result.recheckAt).not.toBeNull();
  });

  it('when premium treatment meets a near-term timeline, then the human-takeover rule adds its points', () => {
    const result = run({ service_interest: 'Spine care', treatment_timeline: 'this week' });
    expect(result.contributions.find((c) => c.ruleId === 'premium-near-term')?.points).toBe(10);
  });

  it('when a general insurance question arrives without a request, then intent stays below a booking request', () => {
    const question = run({ message: 'Do you accept my insurance?', recent_conversion_event_name: 'Contact us', first_conversion_event_name: 'Contact us' });
    const booking = run({ message: 'Can I book a consultation for knee pain this week?', recent_conversion_event_name: 'Contact us', first_conversion_event_name: 'Contact us' });
    expect(question.intentScore).toBeLessThan(booking.intentScore);
  });
});

describe('qualifyContact: the simple point model', () => {
  const base = { message: 'Hello', service_interest: null, insurance_provider: null, recent_conversion_event_name: null, first_conversion_event_name: null };
  it.each([
    ['a specific procedure and a guide download (25 + 5 = 30)', { service_interest: 'Joint replacement', recent_conversion_event_name: 'Hip guide download' }, 30, 'care_ready'],
    ['a procedure and an appointment request (25 + 20)', { service_interest: 'Spine care', message: 'I want an appointment' }, 45, 'care_ready'],
    ['all four signals (25 + 20 + 15 + 5)', { service_interest: 'Spine care', message: 'appointment please', insurance_provider: 'Aetna', first_conversion_event_name: 'Spine guide' }, 65, 'care_ready'],
    ['an appointment request and a guide (20 + 5 = 25)', { message: 'appointment please', recent_conversion_event_name: 'Guide' }, 25, 'nurture'],
    ['insurance and a guide (15 + 5 = 20)', { insurance_provider: 'Kaiser', recent_conversion_event_name: 'Guide' }, 20, 'nurture'],
  ])('when the contact has %s (%j), then the score is %i and the outcome %s', (_name, overrides, score, outcome) => {
    const result = run({ ...base, ...overrides }, simple);
    expect(result).toMatchObject({ score, outcome });
    if (outcome === 'care_ready') {
      expect(result.route).toBe('intake_call_now');
      expect(result.respondBy?.toISOString()).toBe('2026-03-11T15:00:00.000Z');
    }
  });
});

describe('qualifyContact: contributions, missing info and identity', () => {
  it('when several rules count, then contributions are ordered by absolute points, largest first', () => {
    const points = run({ treatment_timeline: '6+ months', email: 'info@clinic.com' }).contributions.map((c) => Math.abs(c.points));
    expect(points).toEqual([...points].sort((a, b) => b - a));
  });

  it('when rules share a group, then only the best matching one counts', () => {
    const ids = run({ zip: '10018' }).contributions.map((c) => c.ruleId);
    expect(ids).toContain('location-near');
    expect(ids).not.toContain('location-in-area');
  });

  it('when a reason uses placeholders, then they are filled from practice data (a distance under half a mile reads as 1 mi, never 0)', () => {
    expect(run({ zip: '11201' }).contributions.find((c) => c.ruleId === 'location-near')?.reason).toBe('within 1 mi of Brooklyn Heights');
  });

  it('when a contact is bare, then missing inputs become missing info rather than zeros that disqualify', () => {
    const result = qualifyContact({ email: 'sam.lee@outlook.com' }, criteria, NOW);
    expect(result.outcome).toBe('needs_review');
    expect(result.missingInfo).toEqual(['inquiry_details', 'service_interest', 'location', 'insurance', 'timeline', 'phone', 'contact_consent']);
  });

  it('when criteria carry a version, then results name it and the content hash', () => {
    const result = run({}, { ...criteria, version: 'v7' });
    expect(result.criteriaVersion).toBe('v7');
    expect(result.criteriaHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('when the same now is used for a batch, then each result gets its own respond-by Date object', () => {
    const a = run();
    const b = run();
    expect(a.respondBy).toEqual(b.respondBy);
    expect(a.respondBy).not.toBe(b.respondBy);
  });
});
