import { buildDefaultCriteria } from '../../core';
import { describeCriteriaChanges } from './criteria-diff-words';

describe('criteria differences in words', () => {
  const before = buildDefaultCriteria();

  it('when a location\'s radius changes, then the change names the location and the field in words, with both values', () => {
    const after = structuredClone(before);
    after.locations[0]!.serviceRadiusMiles = 40;
    const changes = describeCriteriaChanges(before, after);
    expect(changes).toEqual([{ field: `Location “${before.locations[0]!.name}” › service radius (miles)`, kind: 'changed', before: before.locations[0]!.serviceRadiusMiles, after: 40 }]);
  });

  it('when a band\'s lowest score and a weight change, then neither is named by a code path', () => {
    const after = structuredClone(before);
    after.bands[0]!.minScore = before.bands[0]!.minScore - 1;
    after.scoring.weights.fit = before.scoring.weights.fit;
    after.recheckAfterDays = before.recheckAfterDays + 1;
    const fields = describeCriteriaChanges(before, after).map((c) => c.field);
    expect([...fields].sort()).toEqual(['Band “High” › lowest score', 'Re-check after (days)']);
    for (const f of fields) expect(f).not.toMatch(/[[\].]|minScore|recheck[A-Z]/);
  });

  it('when a rule is removed, then it is named by the reason it had and its condition stays an object', () => {
    const after = structuredClone(before);
    const removed = after.rules.fit.shift()!;
    const change = describeCriteriaChanges(before, after).find((c) => c.kind === 'removed' && c.field.endsWith('condition'));
    expect(change).toEqual({ field: `Fit rule “${removed.reason}” › condition`, kind: 'removed', before: removed.when, after: undefined });
  });
});
