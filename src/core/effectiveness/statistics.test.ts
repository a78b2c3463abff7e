import fc from 'fast-check';
import { quantile, ratio, wilsonInterval } from './statistics';

describe('quantile', () => {
  it.each([
    [[], 0.5, null], [[7], 0.5, 7], [[1, 2, 3, 4], 0.5, 2], [[1, 2, 3, 4, 5], 0.5, 3],
    [[10, 1, 5, 2, 9, 3, 8, 4, 7, 6], 0.9, 9], [[10, 1, 5, 2, 9, 3, 8, 4, 7, 6], 1, 10],
  ])('when the values are %j and q is %d, then the nearest rank is %j', (values, q, expected) => {
    expect(quantile(values, q)).toBe(expected);
  });
});

describe('wilsonInterval', () => {
  it.each([
    // Hand-checked against the formula (and R's prop.test without correction).
    [16, 20, 0.584, 0.919], [2, 20, 0.028, 0.301], [0, 10, 0, 0.278], [10, 10, 0.722, 1],
  ])('when %d of %d succeed, then the 95%% interval is about [%d, %d]', (k, n, low, high) => {
    const ci = wilsonInterval(k, n);
    expect(ci.low).toBeCloseTo(low, 3);
    expect(ci.high).toBeCloseTo(high, 3);
  });

  it('when n is 0, then the interval is the whole [0, 1]', () => {
    expect(wilsonInterval(0, 0)).toEqual({ low: 0, high: 1 });
  });

  it('when any proportion is taken, then the interval stays in [0, 1] and holds the observed rate', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 10_000 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, share) => {
      const k = Math.round(share * n);
      const ci = wilsonInterval(k, n);
      return ci.low >= 0 && ci.high <= 1 && ci.low <= k / n + 1e-12 && ci.high >= k / n - 1e-12;
    }));
  });
});

describe('ratio', () => {
  it('when the denominator is 0, then there is no ratio', () => {
    expect(ratio(3, 0)).toBeNull();
    expect(ratio(3, 4)).toBe(0.75);
  });
});
