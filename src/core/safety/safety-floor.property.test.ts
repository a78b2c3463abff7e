import fc from 'fast-check';
import type { Criteria } from '../criteria/criteria.schema';
import { parseCriteria } from '../criteria/criteria.validation';
import { qualifyContact } from '../qualification/qualify';
import { buildDefaultCriteria } from '../templates/default-criteria.template';
import { buildSimplePointModelCriteria } from '../templates/simple-point-model.template';
import { buildContact } from '../testing/contact.factory';
import { SENSITIVE_WORDING } from '../wording/wording';

/**
 * Criteria that want to stop or nurture every lead: a hard stop that always holds, or every band
 * nurtured, or both. A safety flag must win over all of them.
 */
const hostileCriteriaArb: fc.Arbitrary<Criteria> = fc
  .record({ base: fc.constantFrom(buildDefaultCriteria, buildSimplePointModelCriteria), alwaysStop: fc.boolean(), allNurture: fc.boolean(), reason: fc.constantFrom('spam_or_test', 'out_of_service_area', 'payer_not_accepted') })
  .map(({ base, alwaysStop, allNurture, reason }) => {
    const c = base();
    const doc = {
      ...c,
      hardStops: alwaysStop ? [...c.hardStops, { id: 'always', when: { signal: 'phone.status', op: 'in', value: ['valid', 'invalid', 'missing'] }, reason, route: 'no_outreach' }] : c.hardStops,
      bands: allNurture ? c.bands.map((b) => ({ ...b, outcome: 'nurture', route: 'nurture_sequence', slaMinutes: null })) : c.bands,
    };
    return parseCriteria(doc);
  });

const EMERGENCIES = [
  'my chest hurts really bad', 'no puedo respirar', 'I think she overdosed', 'HE IS HAVING A SEIZURE', 'i want to kill myself',
  '我想自杀', 'не могу дышать', 'my face is drooping', 'bleeding wont stop', 'my water broke', 'call 911',
];
const FIELDS = ['message', 'service_interest', 'treatment_timeline', 'referral_source', 'decision_maker'] as const;

describe('safety flag beats the criteria (fast-check)', () => {
  it('when an emergency appears in any free-text field at any position, then the inquiry is never disqualified or nurtured', () => {
    fc.assert(fc.property(
      hostileCriteriaArb, fc.constantFrom(...EMERGENCIES), fc.constantFrom(...FIELDS), fc.string({ maxLength: 80 }), fc.integer({ min: 0, max: 12_000 }),
      fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 0, 1) }),
      (criteria, emergency, field, noise, padding, nowMs) => {
        const before = `${'I would like an appointment for my knee. '.repeat(Math.ceil(padding / 42)).slice(0, padding)}${noise.replace(/[\p{L}\p{N}]/gu, ' ')} `;
        const result = qualifyContact(buildContact({ [field]: `${before}${emergency}` }), criteria, new Date(nowMs));
        expect(result).toMatchObject({ safetyFlag: true, outcome: 'needs_review', route: 'clinical_review', disqualificationReasons: [] });
        expect(result.respondBy).not.toBeNull();
        expect(SENSITIVE_WORDING.reasons(result)[0]).toMatch(/^possible emergency: /);
      },
    ), { numRuns: 300 });
  });
});
