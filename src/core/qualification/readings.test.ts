import { buildDefaultCriteria } from '../templates/default-criteria.template';
import { buildContact } from '../testing/contact.factory';
import { SENSITIVE_WORDING } from '../wording/wording';
import { qualifyContact, type QualificationResult } from './qualify';

const criteria = buildDefaultCriteria();
/** Wednesday 10:00 in New York: the practice is open. */
const NOW = new Date('2026-03-11T14:00:00Z');
const run = (overrides: Parameters<typeof buildContact>[0] = {}) => qualifyContact(buildContact(overrides), criteria, NOW);
/** The reasons as written for a sensitive-mode portal. */
const reasonsOf = (result: QualificationResult) => SENSITIVE_WORDING.reasons(result).join(' · ');
const referral = (overrides: Parameters<typeof buildContact>[0]) => run(overrides).contributions.find((c) => c.signal === 'referral.type')?.ruleId;

/** Issue 17, "Known misreadings", one test per example. */
describe('better readings', () => {
  it('when "Medicare Advantage" (Humana, Wellcare) is the insurance, then it is not read as accepted Medicare and the plan is named', () => {
    for (const plan of ['Humana Medicare Advantage', 'Wellcare']) {
      const reasons = reasonsOf(run({ insurance_provider: plan }));
      expect(reasons).not.toMatch(/insurance accepted/);
      expect(reasons).toMatch(/insurance not in network: Medicare Advantage \((Humana|Wellcare)\)/);
    }
    expect(reasonsOf(run({ insurance_provider: 'Medicare' }))).toMatch(/insurance accepted \(Medicare\)/);
  });

  it.each([
    ['my surgeon', { message: 'My surgeon says I need a knee replacement, can I book a consult?', referral_source: null }],
    ['my doctor\'s office', { message: 'My doctor\'s office gave me your number. I would like an appointment.', referral_source: null }],
  ])('when the message says "%s", then it is not a physician referral', (_name, overrides) => {
    expect(referral(overrides)).toBeUndefined();
  });

  it.each([
    ['the referral field names a doctor', { referral_source: 'Dr. Patel', message: 'Knee pain, want an appointment.' }],
    ['the message says so explicitly', { referral_source: null, message: 'My surgeon referred me to you for a knee replacement consult.' }],
  ])('when %s, then it is a physician referral', (_name, overrides) => {
    expect(referral(overrides)).toBe('physician-referral');
  });

  it('when a revenue-cycle vendor asks to schedule a consultation with the practice administrator, then it is disqualified as not a patient inquiry (no task, no nurture)', () => {
    const result = run({
      message: 'Hi, we help medical practices reduce denials with our revenue cycle platform. Could we schedule a consultation with your practice administrator this week?',
      service_interest: null, insurance_provider: null, treatment_timeline: null, decision_maker: null, email: 'jordan@rcm-partners.com',
    });
    expect(result).toMatchObject({ outcome: 'disqualified', route: 'no_outreach', respondBy: null, recheckAt: null });
    expect(result.disqualificationReasons).toContain('not_a_patient_inquiry');
  });

  it('when a job-seeking therapist writes, then it is disqualified as not a patient inquiry', () => {
    const result = run({
      message: 'I am a licensed physical therapist looking for a position at your clinic. My resume is attached. Are you hiring?',
      service_interest: 'Physical therapy', insurance_provider: null, treatment_timeline: null,
    });
    expect(result.outcome).toBe('disqualified');
    expect(result.disqualificationReasons).toEqual(['not_a_patient_inquiry']);
  });

  it('when "hip replacements" (plural) is written, then the joint replacement service line is matched', () => {
    const result = run({ service_interest: null, message: 'Do you do hip replacements? I would like a consultation.' });
    expect(result.contributions.find((c) => c.ruleId === 'service-premium')).toBeDefined();
  });

  it('when "injuries" (plural with -ies) is written, then keywords ending in -y match too', () => {
    const c = buildDefaultCriteria();
    c.serviceLines[2]!.keywords.push('sports injury');
    const result = qualifyContact(buildContact({ service_interest: null, message: 'I treat my sports injuries myself but need an appointment now.' }), c, NOW);
    expect(result.contributions.find((x) => x.ruleId === 'service-standard')).toBeDefined();
  });

  it('when a minor writes without a parent (stated age 16), then guardian consent is needed: route and missing info say so', () => {
    const result = run({ message: 'Hi, I am 16 and hurt my knee playing soccer, can I book an appointment?', decision_maker: 'Yes, for myself' });
    expect(result).toMatchObject({ outcome: 'needs_review', route: 'request_missing_info' });
    expect(result.missingInfo[0]).toBe('guardian_consent');
    expect(result.why).toMatch(/parent or guardian/);
  });

  it('when the date of birth says 15, then guardian consent is needed; when a parent writes for the child, then it is not', () => {
    expect(run({ date_of_birth: '2011-01-20' }).missingInfo).toContain('guardian_consent');
    const parent = run({ date_of_birth: '2011-01-20', decision_maker: 'I am the parent' });
    expect(parent.missingInfo).not.toContain('guardian_consent');
    expect(parent.outcome).toBe('care_ready');
  });

  it('when an adult writes "I am 15 minutes away", then that is not an age', () => {
    const result = run({ message: 'I am 15 minutes away from your Midtown office, can I book a consult for my knee?' });
    expect(result.missingInfo).not.toContain('guardian_consent');
    expect(result.outcome).toBe('care_ready');
  });

  it('when "who decides on care" is unknown, then the default criteria do not list it as missing on every lead', () => {
    expect(run({ decision_maker: null }).missingInfo).not.toContain('decision_maker');
  });

  it('when the criteria track an input no rule, stop or gate reads, then it is never listed as missing', () => {
    const c = buildDefaultCriteria();
    c.missingInfo.track.push('decision_maker', 'documents');
    c.rules.readiness = c.rules.readiness.filter((r) => !r.id.startsWith('decides') && r.id !== 'not-decision-maker');
    const result = qualifyContact(buildContact({ decision_maker: null, has_referral_documents: null }), c, NOW);
    expect(result.missingInfo).not.toContain('decision_maker');
    expect(result.missingInfo).toContain('documents');
  });
});
