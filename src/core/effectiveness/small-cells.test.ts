import { showCount, showShare, showStatistic } from './small-cells';

describe('small-cell suppression', () => {
  it.each([[0, '<11'], [1, '<11'], [10, '<11'], [11, '11'], [250, '250']])('when a count is %d, then it shows as %s', (n, shown) => {
    expect(showCount(n)).toBe(shown);
  });

  it.each([
    [5, 100, '<11'], // the booked count is small
    [95, 100, '<11'], // the not-booked rest is small: 100 − 95 could be worked back
    [3, 10, '<11'], // the cell itself is small
    [0, 40, '0%'], [40, 40, '100%'], [20, 40, '50%'], [11, 30, '37%'],
  ])('when %d of %d, then the share shows as %s', (part, whole, shown) => {
    expect(showShare(part, whole)).toBe(shown);
  });

  it('when a statistic comes from fewer than 11 contacts, then it is hidden; otherwise formatted', () => {
    expect(showStatistic(12.5, 10, (v) => `${v} min`)).toBe('<11');
    expect(showStatistic(12.5, 11, (v) => `${v} min`)).toBe('12.5 min');
    expect(showStatistic(null, 20, String)).toBe('—');
  });
});
