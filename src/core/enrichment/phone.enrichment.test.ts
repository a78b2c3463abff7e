import fc from 'fast-check';
import { classifyWithLibrary, enrichPhone } from './phone.enrichment';

describe('enrichPhone', () => {
  it.each([
    ['(212) 736-5000', { status: 'valid', type: 'mobile_or_landline', region: 'US' }],
    ['+1 617-253-1000', { status: 'valid', type: 'mobile_or_landline', region: 'US' }],
    ['617.253.1000', { status: 'valid', type: 'mobile_or_landline', region: 'US' }],
    ['1 800 555 0199', { status: 'valid', type: 'toll_free', region: 'US' }],
    ['(416) 555-0123', { status: 'valid', type: 'mobile_or_landline', region: 'CA' }],
    ['+44 20 7946 0958', { status: 'valid', type: 'landline', region: 'GB' }],
    ['+44 7400 123456', { status: 'valid', type: 'mobile', region: 'GB' }],
    ['12345', { status: 'invalid', type: 'unknown', region: null }],
    ['555-123-4567', { status: 'invalid', type: 'unknown', region: null }],
    ['(111) 111-1111', { status: 'invalid', type: 'unknown', region: null }],
    ['1234567890', { status: 'invalid', type: 'unknown', region: null }],
    ['call me', { status: 'invalid', type: 'unknown', region: null }],
    ['', { status: 'missing', type: 'unknown', region: null }],
    [null, { status: 'missing', type: 'unknown', region: null }],
  ])('when the phone is %p, then it is %p', (raw, expected) => {
    expect(enrichPhone(raw)).toEqual(expected);
  });

  it('when a +1 number is classified through the NPA-NXX cache, then the answer equals libphonenumber-js on the full number', () => {
    const digit = fc.integer({ min: 0, max: 9 });
    fc.assert(
      fc.property(fc.array(digit, { minLength: 10, maxLength: 10 }), (digits) => {
        const number = digits.join('');
        const formatted = `(${number.slice(0, 3)}) ${number.slice(3, 6)}-${number.slice(6)}`;
        const viaCache = enrichPhone(formatted);
        if (/^(\d)\1{9}$|^(?:0123456789|1234567890|9876543210)$/.test(number)) return viaCache.status === 'invalid';
        expect(viaCache).toEqual(classifyWithLibrary(`+1${number}`));
        return true;
      }),
      { numRuns: 3000 },
    );
  });
});
