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
      expect(enrichPayer(raw, index)).toEqual({ status: 'self_pay', id: null, label: null, provided: true });
    },
  );

  it.each([['Kaiser Permanente'], ['Humana Gold Plus'], ['Tricare']])('when the answer is %p, then the payer is not accepted', (raw) => {
    expect(enrichPayer(raw, index)).toEqual({ status: 'not_accepted', id: null, label: null, provided: true });
  });

  it.each([[null], ['not sure'], ['N/A'], ['Other']])('when the answer is %p, then the payer is unknown and not provided', (raw) => {
    expect(enrichPayer(raw, index)).toEqual({ status: 'unknown', id: null, label: null, provided: false });
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
