import { buildDefaultCriteria } from '../templates/default-criteria.template';
import { compilePayerIndex, enrichPayer } from './payer.enrichment';

const index = compilePayerIndex(buildDefaultCriteria());

describe('enrichPayer', () => {
  it.each([
    ['BCBS', 'bcbs'],
    ['blue cross PPO', 'bcbs'],
    ['Blue Cross Blue Shield of Texas', 'bcbs'],
    ['Empire BCBS HMO', 'bcbs'],
    ['Aetna choice', 'aetna'],
    ['Aetna Choice POS II', 'aetna'],
    ['aetana', 'aetna'],
    ['Cigan', 'cigna'],
    ['United Heathcare', 'uhc'],
    ['UHC', 'uhc'],
    ['I have Oxford through work', 'uhc'],
    ['medicare part B', 'medicare'],
  ])('when the insurance answer is %p, then it is the accepted payer %p', (raw, id) => {
    expect(enrichPayer(raw, index)).toMatchObject({ status: 'accepted', id, provided: true });
  });

  it.each([['Self-pay'], ['cash'], ['No insurance'], ['uninsured'], ['I will pay out of pocket']])(
    'when the answer is %p, then the patient is self-pay', (raw) => {
      expect(enrichPayer(raw, index)).toEqual({ status: 'self_pay', id: null, label: null, provided: true, program: 'unknown' });
    },
  );

  it.each([['Kaiser Permanente', 'Kaiser', 'commercial'], ['Humana Gold Plus', 'Medicare Advantage (Humana)', 'medicare_advantage'], ['Tricare', null, 'commercial']])('when the answer is %p, then the payer is not accepted', (raw, label, program) => {
    expect(enrichPayer(raw, index)).toEqual({ status: 'not_accepted', id: null, label, provided: true, program });
  });

  it.each([[null], ['not sure'], ['N/A'], ['Other']])('when the answer is %p, then the payer is unknown and not provided', (raw) => {
    expect(enrichPayer(raw, index)).toEqual({ status: 'unknown', id: null, label: null, provided: false, program: 'unknown' });
  });

  it('when a payer is accepted, then its label comes from the criteria', () => {
    expect(enrichPayer('bcbs', index).label).toBe('Blue Cross Blue Shield');
  });
});

describe('enrichPayer near-misses', () => {
  it('when the answer is Medicaid (two edits from Medicare), then it is not matched to Medicare', () => {
    expect(enrichPayer('Medicaid', index).status).toBe('not_accepted');
  });
});

describe('payer programs (issue 17: "Medicare Advantage" read as accepted Medicare)', () => {
  it.each([
    ['Medicare Advantage', 'medicare_advantage', 'Medicare Advantage'],
    ['Humana Medicare', 'medicare_advantage', 'Medicare Advantage (Humana)'],
    ['Wellcare', 'medicare_advantage', 'Medicare Advantage (Wellcare)'],
    ['AARP Medicare Advantage from UnitedHealthcare', 'medicare_advantage', 'Medicare Advantage (AARP/UnitedHealthcare)'],
    ['Aetna Medicare PPO', 'medicare_advantage', 'Medicare Advantage (Aetna)'],
    ['Fidelis Care', 'medicaid_managed_care', 'Medicaid managed care (Fidelis Care)'],
    ['Healthfirst Medicaid', 'medicaid_managed_care', 'Medicaid managed care (Healthfirst)'],
    ['UHC Community Plan', 'medicaid_managed_care', 'Medicaid managed care (UnitedHealthcare)'],
    ['Medicaid', 'medicaid', 'Medicaid'],
  ])('when the answer is %p, then it is %p, not accepted under an Original-Medicare-only list, with the plan named %p', (raw, program, label) => {
    expect(enrichPayer(raw, index)).toMatchObject({ status: 'not_accepted', program, label });
  });

  it.each([['Medicare'], ['Original Medicare'], ['Medicare Part B'], ['Medicare with an AARP supplement']])('when the answer is %p, then it is accepted Medicare', (raw) => {
    expect(enrichPayer(raw, index)).toMatchObject({ status: 'accepted', id: 'medicare', program: 'medicare' });
  });

  it('when the practice lists a Medicare Advantage plan, then that plan is accepted', () => {
    const criteria = buildDefaultCriteria();
    criteria.payers.accepted.push({ id: 'humana-ma', label: 'Humana Medicare Advantage', aliases: ['humana medicare', 'humana gold plus'] });
    expect(enrichPayer('Humana Gold Plus HMO', compilePayerIndex(criteria))).toMatchObject({ status: 'accepted', id: 'humana-ma', program: 'medicare_advantage' });
  });
});
