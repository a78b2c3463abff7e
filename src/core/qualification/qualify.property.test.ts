import fc from 'fast-check';
import { parseCriteria } from '../criteria/criteria.validation';
import type { ContactProperties } from '../enrichment/enricher';
import { buildDefaultCriteria } from '../templates/default-criteria.template';
import { buildSimplePointModelCriteria } from '../templates/simple-point-model.template';
import { SENSITIVE_WORDING } from '../wording/wording';
import { qualifyContact } from './qualify';

const TEMPLATES = [buildDefaultCriteria(), buildSimplePointModelCriteria()];
const criteriaArb = fc.constantFrom(...TEMPLATES);
/** Instants across a year, so weekends, nights and both DST changes are covered. */
const nowArb = fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 0, 1) }).map((ms) => new Date(ms));

const opt = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });
const MESSAGES = [
  'Can I book a consultation for knee pain this week?', 'Do you accept my insurance?', 'How much does a hip replacement cost?',
  'My back pain is getting worse', 'Just browsing', 'We sell SEO services, visit https://x.example', 'My doctor referred me for sciatica', '',
];

/** A HubSpot contact drawn from realistic answers (and junk), each property possibly absent. */
const contactArb: fc.Arbitrary<Record<string, string | null>> = fc.record({
  message: opt(fc.constantFrom(...MESSAGES)),
  zip: opt(fc.constantFrom('10016', '11215', '07030', '02139', '94110', '1001', 'abc')),
  state: opt(fc.constantFrom('NY', 'New Jersey', 'CA', 'Texas', 'zz')),
  phone: opt(fc.constantFrom('(212) 736-5000', '+1 617 253 1000', '555-1234', '0000000000', '+44 20 7946 0958')),
  email: opt(fc.constantFrom('dana@gmail.com', 'info@clinic.com', 'x@mailinator.com', 'test@test.com', 'broken@', 'jo@outlook.com')),
  service_interest: opt(fc.constantFrom('Joint replacement', 'Spine care', 'Sports medicine', 'Other', 'Cosmetic dermatology', 'Not sure')),
  insurance_provider: opt(fc.constantFrom('BCBS', 'Aetna choice', 'Kaiser', 'self pay', 'not sure', 'Cigan')),
  treatment_timeline: opt(fc.constantFrom('ASAP', 'Within 2 weeks', '1-3 months', '3-6 months', '6+ months', 'Not sure')),
  referral_source: opt(fc.constantFrom('Dr. Patel', 'A friend', 'Google')),
  decision_maker: opt(fc.constantFrom('Myself', 'For my mother', 'No')),
  has_referral_documents: opt(fc.constantFrom('Yes', 'No')),
  hs_legal_basis: opt(fc.constantFrom('Freely given consent from contact', 'Not applicable')),
  consent_to_contact: opt(fc.constantFrom('true', 'false')),
  do_not_contact: opt(fc.constantFrom('true', 'false')),
  hs_analytics_num_page_views: opt(fc.integer({ min: 0, max: 40 }).map(String)),
  hs_analytics_num_visits: opt(fc.integer({ min: 0, max: 10 }).map(String)),
  num_conversion_events: opt(fc.integer({ min: 0, max: 5 }).map(String)),
  hs_analytics_source: opt(fc.constantFrom('ORGANIC_SEARCH', 'PAID_SEARCH', 'DIRECT_TRAFFIC')),
  recent_conversion_event_name: opt(fc.constantFrom('Request an Appointment', 'Knee guide download', 'Contact us')),
});

describe('qualifyContact invariants (fast-check)', () => {
  it('when any contact is qualified, then every score is an integer from 0 to 100', () => {
    fc.assert(fc.property(contactArb, criteriaArb, nowArb, (contact, criteria, now) => {
      const r = qualifyContact(contact, criteria, now);
      for (const s of [r.score, r.fitScore, r.intentScore, r.readinessScore]) expect(Number.isInteger(s) && s >= 0 && s <= 100).toBe(true);
    }), { numRuns: 500 });
  });

  const additions: [string, (c: Record<string, string | null>) => Record<string, string | null>][] = [
    ['an appointment request in the message', (c) => ({ ...c, message: `${c.message ?? ''} Can I book an appointment?` })],
    ['more page views', (c) => ({ ...c, hs_analytics_num_page_views: String(Number(c.hs_analytics_num_page_views ?? 0) + 10) })],
    ['an accepted payer where none was given', (c) => (c.insurance_provider === null ? { ...c, insurance_provider: 'Aetna' } : c)],
    ['documents where none were mentioned', (c) => (c.has_referral_documents === null ? { ...c, has_referral_documents: 'Yes' } : c)],
    ['a decision maker where none was given', (c) => (c.decision_maker === null ? { ...c, decision_maker: 'Myself' } : c)],
    ['a physician referral where none was given', (c) => (c.referral_source === null ? { ...c, referral_source: 'Dr. Okafor' } : c)],
  ];
  it.each(additions)('when %s is added, then no score goes down', (_name, add) => {
    fc.assert(fc.property(contactArb, criteriaArb, nowArb, (contact, criteria, now) => {
      const before = qualifyContact(contact, criteria, now);
      const after = qualifyContact(add(contact), criteria, now);
      expect(after.score).toBeGreaterThanOrEqual(before.score);
      expect(after.intentScore).toBeGreaterThanOrEqual(before.intentScore);
      expect(after.readinessScore).toBeGreaterThanOrEqual(before.readinessScore);
    }), { numRuns: 300 });
  });

  const stops: [string, Record<string, string>][] = [
    ['no_contact_consent', { do_not_contact: 'true' }],
    ['spam_or_test', { email: 'test@test.com' }],
    ['invalid_contact_details', { phone: '12', email: 'nobody-at-all' }],
  ];
  it.each(stops)('when a hard stop for %s holds and no safety phrase is present, then the outcome is disqualified with that reason', (reason, forced) => {
    fc.assert(fc.property(contactArb, criteriaArb, nowArb, (contact, criteria, now) => {
      const r = qualifyContact({ ...contact, ...forced }, criteria, now);
      expect(r.safetyFlag).toBe(false);
      expect(r.outcome).toBe('disqualified');
      expect(r.disqualificationReasons).toContain(reason);
    }), { numRuns: 200 });
  });

  it('when a hard stop for out_of_service_area or service_not_offered holds under the default criteria, then it is disqualified with that reason', () => {
    const [defaults] = TEMPLATES;
    fc.assert(fc.property(contactArb, fc.constantFrom<[string, Record<string, string>]>(['out_of_service_area', { zip: '94110' }], ['service_not_offered', { service_interest: 'Tattoo removal' }]), nowArb, (contact, [reason, forced], now) => {
      const r = qualifyContact({ ...contact, ...forced }, defaults as (typeof TEMPLATES)[number], now);
      expect(r.outcome).toBe('disqualified');
      expect(r.disqualificationReasons).toContain(reason);
    }), { numRuns: 200 });
  });

  it('when the message holds an emergency or crisis phrase, then the lead is never disqualified and goes to clinical review', () => {
    const phrases = fc.constantFrom('I have chest pain', "I can't breathe", 'I feel suicidal', 'took an overdose', 'this is an emergency');
    fc.assert(fc.property(contactArb, criteriaArb, nowArb, phrases, (contact, criteria, now, phrase) => {
      const r = qualifyContact({ ...contact, message: `${contact.message ?? ''} ${phrase}` }, criteria, now);
      expect(r).toMatchObject({ safetyFlag: true, outcome: 'needs_review', route: 'clinical_review', disqualificationReasons: [] });
      expect(r.respondBy).not.toBeNull();
    }), { numRuns: 300 });
  });

  it('when the same contact is qualified twice, even with separately parsed criteria, then the results are equal', () => {
    fc.assert(fc.property(contactArb, criteriaArb, nowArb, (contact, criteria, now) => {
      const copy = parseCriteria(JSON.parse(JSON.stringify(criteria)));
      expect(qualifyContact(contact, copy, now)).toEqual(qualifyContact(contact, criteria, now));
    }), { numRuns: 60 });
  });

  it('when every property carries a unique marker, then no marker appears in the reasons or in any property value written', () => {
    const marker = fc.stringMatching(/^[a-z]{3}[0-9]{3}[a-z]{3}[0-9]{3}$/);
    const markedContact = fc.tuple(contactArb, fc.array(marker, { minLength: 19, maxLength: 19 })).map(([contact, markers]) => {
      const marked: Record<string, string> = {};
      Object.keys(contact).forEach((key, i) => (marked[key] = `${contact[key] ?? ''} ${markers[i]}`.trim()));
      return { marked: marked as ContactProperties, markers };
    });
    fc.assert(fc.property(markedContact, criteriaArb, nowArb, ({ marked, markers }, criteria, now) => {
      const result = qualifyContact(marked, criteria, now);
      const { score, band, outcome, route, disqualificationReasons, missingInfo, criteriaVersion } = result;
      const written = JSON.stringify({ why: SENSITIVE_WORDING.why(result), reasons: SENSITIVE_WORDING.reasons(result), values: { score, band, outcome, route, disqualificationReasons, missingInfo, criteriaVersion }, contributions: result.contributions });
      for (const m of markers) expect(written.includes(m)).toBe(false);
    }), { numRuns: 300 });
  });
});
