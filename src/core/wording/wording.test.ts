import { buildDefaultCriteria } from '../templates/default-criteria.template';
import { qualifyContact } from '../qualification/qualify';
import { buildContact } from '../testing/contact.factory';
import { reasonCode, wordingFor } from './wording';

const NOW = new Date('2026-11-24T15:00:00Z');
const criteria = buildDefaultCriteria();
const serviceWords = criteria.serviceLines.flatMap((l) => [l.label, ...l.keywords.map((k) => k.replace(/\*$/, ''))]).map((w) => w.toLowerCase());
const result = (overrides: Parameters<typeof buildContact>[0]) => qualifyContact(buildContact(overrides) as Record<string, string | null>, criteria, NOW);

describe('wording by data mode', () => {
  const knee = result({ message: 'I would like a consultation for a knee replacement, I have Aetna.', service_interest: 'Joint replacement', treatment_timeline: 'ASAP' });
  const emergency = result({ message: 'I have chest pain and my knee gave out', treatment_timeline: 'ASAP' });

  it('when the mode is sensitive, then reasons and the task body use the criteria\'s own words, negatives before positives', () => {
    const wording = wordingFor('sensitive');
    const sign = (c: { points: number; reason: string }) => `${c.points < 0 ? '\u2212' : '+'}${Math.abs(c.points)} ${c.reason}`;
    const expected = [...knee.contributions.filter((c) => c.points < 0), ...knee.contributions.filter((c) => c.points > 0)].map(sign);
    expect(wording.reasons(knee)).toEqual(expected);
    expect(wording.task(knee, 'HIGH', NOW, 'America/New_York').body).toContain(knee.contributions[0]!.reason);
    expect(wording.reasons(emergency)[0]).toMatch(/^possible emergency: chest pain/);
  });

  it.each([
    ['a joint replacement inquiry', knee],
    ['an emergency mention', emergency],
  ])('when the mode is standard, then %s is written with points, dimensions and codes only', (_label, r) => {
    const wording = wordingFor('standard');
    const texts = [...wording.reasons(r), wording.task(r, 'HIGH', NOW, 'America/New_York').subject, wording.task(r, 'HIGH', NOW, 'America/New_York').body, wording.why(r)].join(' ').toLowerCase();
    expect(serviceWords.filter((w) => texts.includes(w))).toEqual([]);
    for (const c of r.contributions) expect(texts).not.toContain(c.reason.toLowerCase());
    expect(['chest', 'pain', 'clinical', 'midtown', 'aetna'].filter((w) => texts.includes(w))).toEqual([]);
    expect(wording.reasons(r).filter((t) => !/^(flagged for priority review|[+\u2212]\d+ (fit|intent|readiness) [FIR]-[0-9a-f]{4})$/.test(t))).toEqual([]);
  });

  it('when a rule id is coded, then the code is stable, short and says only the dimension', () => {
    expect(reasonCode({ dimension: 'fit', ruleId: 'offers_joint_replacement' })).toBe(reasonCode({ dimension: 'fit', ruleId: 'offers_joint_replacement' }));
    expect(reasonCode({ dimension: 'intent', ruleId: 'offers_joint_replacement' })).toMatch(/^I-[0-9a-f]{4}$/);
    expect(reasonCode({ dimension: 'fit', ruleId: 'a' })).not.toBe(reasonCode({ dimension: 'fit', ruleId: 'b' }));
  });
});
