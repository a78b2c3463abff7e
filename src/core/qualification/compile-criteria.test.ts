import { parseCriteria } from '../criteria/criteria.validation';
import { buildDefaultCriteria } from '../templates/default-criteria.template';
import { COMPILED_DOCUMENTS_KEPT, compileCriteria } from './compile-criteria';

/** The published document as the criteria store returns it: stored JSON, parsed again on each read. */
const stored = JSON.stringify({ ...buildDefaultCriteria(), version: 'v7' });
const readAgain = () => parseCriteria(JSON.parse(stored));

describe('compileCriteria', () => {
  it('when the same published document is read again (a new object, the same text), then it is not compiled again', () => {
    const first = compileCriteria(readAgain());
    const second = compileCriteria(readAgain());
    expect(second).toBe(first);
    expect(second.version).toBe('v7');
  });

  it('when a rule or the version label changes, then the document is compiled afresh', () => {
    const base = compileCriteria(readAgain());
    const criteria = readAgain();
    const changedRule = { ...criteria, rules: { ...criteria.rules, fit: criteria.rules.fit.map((r, i) => (i === 0 ? { ...r, points: r.points + 1 } : r)) } };
    expect(compileCriteria(changedRule)).not.toBe(base);
    expect(compileCriteria(changedRule).rules.fit).not.toBe(base.rules.fit);
    const relabelled = compileCriteria({ ...readAgain(), version: 'v8' });
    expect(relabelled).not.toBe(base);
    expect(relabelled.version).toBe('v8');
  });

  it('when more documents than are kept have been compiled since, then the least recently used one is compiled afresh and the recent ones are not', () => {
    const oldest = compileCriteria(readAgain());
    const others = Array.from({ length: COMPILED_DOCUMENTS_KEPT }, (_, i) => ({ ...readAgain(), version: `bound-${i}` }));
    const compiledOthers = others.map((c) => compileCriteria(c));
    expect(compileCriteria(readAgain())).not.toBe(oldest);
    const newest = others[others.length - 1] as (typeof others)[number];
    expect(compileCriteria({ ...newest })).toBe(compiledOthers[compiledOthers.length - 1]);
  });
});
