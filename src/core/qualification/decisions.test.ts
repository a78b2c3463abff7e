import type { Criteria } from '../criteria/criteria.schema';
import { ALLOWED_ROUTES, isAllowedRoute } from '../criteria/vocabulary';
import { buildDefaultCriteria } from '../templates/default-criteria.template';
import { buildSimplePointModelCriteria } from '../templates/simple-point-model.template';
import { buildContact } from '../testing/contact.factory';
import { SENSITIVE_WORDING } from '../wording/wording';
import { qualifyContact } from './qualify';

const criteria = buildDefaultCriteria();
/** Wednesday 10:00 in New York: the practice is open. */
const NOW = new Date('2026-03-11T14:00:00Z');
const run = (overrides: Parameters<typeof buildContact>[0] = {}, c: Criteria = criteria) => qualifyContact(buildContact(overrides), c, NOW);

/** Issue 17, "Fit alone makes a lead care-ready", and the explanation examples. */
describe('readiness gating', () => {
  it('when a local, in-network lead for a premium service writes "next year, just want information", then it is nurtured with a re-check date, no call and no respond-by', () => {
    const result = run({ message: 'Next year, just want information about a knee replacement.', service_interest: 'Joint replacement', treatment_timeline: null });
    expect(result.fitScore).toBeGreaterThanOrEqual(90);
    expect(result).toMatchObject({ outcome: 'nurture', route: 'nurture_sequence', respondBy: null });
    expect(result.recheckAt).not.toBeNull();
    expect(result.why).toMatch(/^Nurture: a good fit but not ready yet \(timeline over 6 months\)/);
  });

  it('when the timeline field says over 6 months even with an appointment form and questions, then it is nurtured', () => {
    const result = run({ treatment_timeline: 'More than 6 months', message: 'What are your fees? I would like to book a consult eventually.', hs_analytics_num_page_views: '9' });
    expect(result.outcome).toBe('nurture');
  });

  it('when fit is high but neither readiness nor intent reaches the minimum, then it is nurtured', () => {
    const result = run({ message: 'Information about knee pain treatment please.', treatment_timeline: null, decision_maker: null, recent_conversion_event_name: 'Contact us', first_conversion_event_name: 'Contact us' });
    expect(result.readinessScore).toBeLessThan(25);
    expect(result.intentScore).toBeLessThan(40);
    expect(result.outcome).toBe('nurture');
  });

  it('when a lead wants care within two weeks, then the gate lets it be care-ready', () => {
    expect(run().outcome).toBe('care_ready');
  });

  it('when the simple point model template is used, then it keeps its own semantics (no readiness gate)', () => {
    const simple = buildSimplePointModelCriteria();
    expect(simple.readinessGate).toBeUndefined();
    const result = run({ treatment_timeline: 'Next year', message: 'Book a consult for a knee replacement next year' }, simple);
    expect(result.outcome).toBe('care_ready');
  });
});

describe('outcome and route never contradict each other', () => {
  it('when an open fracture inquiry comes out needs_review, then its route is never nurture_sequence', () => {
    const result = run({ message: 'I think I have an open fracture, the bone is showing, severe bleeding', treatment_timeline: null });
    expect(result.outcome).toBe('needs_review');
    expect(result.route).toBe('clinical_review');
  });

  it('when a lead is only missing information, then it is needs_review routed to ask for it (not clinical review, not a nurture sequence)', () => {
    const result = run({ message: null, service_interest: null, treatment_timeline: null, recent_conversion_event_name: null, first_conversion_event_name: null });
    expect(result).toMatchObject({ outcome: 'needs_review', route: 'request_missing_info' });
    expect(result.why).toMatch(/^Needs review: ask for /);
  });

  it.each([
    ['hot', {}], ['not ready', { treatment_timeline: 'Next year' }], ['missing info', { service_interest: null, message: null, treatment_timeline: null }],
    ['emergency', { message: 'chest pain' }], ['out of area', { zip: '99501', state: 'AK' }], ['no consent', { consent_to_contact: 'false' }],
  ])('when the lead is %s, then its outcome × route pair is in the one allowed table', (_name, overrides) => {
    const result = run(overrides as Parameters<typeof buildContact>[0]);
    expect(isAllowedRoute(result.outcome, result.route)).toBe(true);
    expect(ALLOWED_ROUTES[result.outcome]).toContain(result.route);
  });
});

describe('explanations that decide', () => {
  it('when a disqualified lead is explained, then the stop reason comes first and the why line names it', () => {
    const result = run({ consent_to_contact: 'false', hs_legal_basis: null });
    expect(SENSITIVE_WORDING.reasons(result)[0]!.startsWith('stopped: no consent to contact')).toBe(true);
    expect(SENSITIVE_WORDING.why(result)).toBe('Disqualified: no consent to contact.');
  });

  it('when reasons hide the deciding facts ("insurance not in network", "timeline over 6 months"), then both are shown before any positive', () => {
    const result = run({ insurance_provider: 'Kaiser Permanente', treatment_timeline: 'Next year' });
    const reasons = SENSITIVE_WORDING.reasons(result);
    expect(reasons.slice(0, 2).sort()).toEqual(['\u221210 insurance not in network', '\u221210 timeline over 6 months']);
  });

  it('when a care-ready lead is explained, then the why line is one sentence with its band and strongest reason', () => {
    const result = run({ treatment_timeline: 'ASAP' });
    expect(result.why).toMatch(/^Care-ready: score \d+, (high|medium) band — wants care as soon as possible\.$/);
  });
});
