import { buildDefaultCriteria, SIGNAL_NAMES, validateCriteria } from '../../../core';
import { formFields } from '../../../../test/support/console-form';
import { addBuilderRow, readBuilderCondition, toBuilderModel } from './condition-form';
import { addConditionRow, parseCriteriaForm } from './criteria-form';
import { fillBlankIds, slugId } from './criteria-form-defaults';
import { renderConditionBuilder, refChoicesOf } from './views/condition-builder.view';
import { SIGNAL_GROUPS } from './views/signal-words';

const P = 'rules.fit[0].when';
const builderFields = (condition: unknown): Record<string, string | string[]> => {
  const markup = renderConditionBuilder({ errors: new Map(), readonly: false }, P, 'Condition', condition, refChoicesOf(buildDefaultCriteria()));
  const body: Record<string, string | string[]> = {};
  for (const [k, v] of formFields(`<form method="post" action="/console/criteria">${markup.value}</form>`)) body[k] = body[k] === undefined ? v : ([] as string[]).concat(body[k]!, v);
  return body;
};

describe('condition builder form', () => {
  it.each([
    ['a yes/no signal', { signal: 'inquiry.bookingRequest', op: 'is', value: true }],
    ['a value from a list', { signal: 'timeline.bucket', op: 'isNot', value: 'later' }],
    ['"any of" several values', { signal: 'location.status', op: 'in', value: ['outside_area', 'outside_served_states'] }],
    ['a number', { signal: 'engagement.pageViews', op: 'gte', value: 5 }],
    ['a range', { signal: 'location.distanceMiles', op: 'between', value: [2, 10] }],
    ['a known id', { signal: 'payer.id', op: 'is', value: 'aetna' }],
    ['nothing to compare', { signal: 'location.nearestId', op: 'known' }],
    ['an AND of rows', { all: [{ signal: 'location.status', op: 'is', value: 'within_area' }, { signal: 'location.distanceMiles', op: 'lte', value: 10 }] }],
    ['an OR of rows', { any: [{ signal: 'inquiry.spam', op: 'is', value: true }, { signal: 'email.test', op: 'is', value: true }] }],
    ['an AND holding an OR group', { all: [{ signal: 'payer.status', op: 'is', value: 'accepted' }, { any: [{ signal: 'inquiry.urgency', op: 'is', value: true }, { signal: 'timeline.bucket', op: 'in', value: ['asap', 'within_2_weeks'] }] }] }],
  ])('when %s is shown in the builder and sent back unchanged, then the same condition comes back', (_name, condition) => {
    expect(readBuilderCondition(builderFields(condition), P)).toEqual(condition);
  });

  it('when a condition nests deeper than one group or uses "not", then the builder declines it (the JSON field stays)', () => {
    expect(toBuilderModel({ not: { signal: 'inquiry.spam', op: 'is', value: true } }, P)).toBeUndefined();
    expect(toBuilderModel({ all: [{ any: [{ all: [{ signal: 'inquiry.spam', op: 'is', value: true }] }] }] }, P)).toBeUndefined();
    expect(renderConditionBuilder({ errors: new Map(), readonly: false }, P, 'Condition', { not: { signal: 'inquiry.spam', op: 'is', value: true } }, refChoicesOf({})).value).toContain(`name="j:${P}"`);
  });

  it('when rows are left without a signal or ticked for removal, then they are not part of the condition', () => {
    const body = { [`cm:${P}`]: 'any', [`cs:${P}~0`]: 'inquiry.urgency', [`co:${P}~0`]: 'is', [`cv:${P}~0`]: 'true', [`cs:${P}~1`]: '', [`cs:${P}~2`]: 'email.test', [`co:${P}~2`]: 'is', [`cv:${P}~2`]: 'true', [`xc:${P}~2`]: '1' };
    expect(readBuilderCondition(body, P)).toEqual({ signal: 'inquiry.urgency', op: 'is', value: true });
    expect(readBuilderCondition({ [`cs:${P}~0`]: '' }, P)).toBeUndefined();
  });

  it('when "+ Add condition" or "+ Add group" is pressed without the script, then a blank row or a blank two-row group is appended', () => {
    const leaf = { signal: 'inquiry.urgency', op: 'is', value: true };
    expect(addBuilderRow(undefined, 'row')).toEqual({ signal: '', op: '' });
    expect(addBuilderRow(leaf, 'row')).toEqual({ all: [leaf, { signal: '', op: '' }] });
    expect(addBuilderRow({ any: [leaf] }, 'group')).toEqual({ any: [leaf, { any: [{ signal: '', op: '' }, { signal: '', op: '' }] }] });
    const doc = { rules: { fit: [{ id: 'a' }] } } as Record<string, unknown>;
    expect(addConditionRow(doc, 'rules.fit[0].when', 'row')).toBe(true);
    expect(addConditionRow(doc, 'name', 'row')).toBe(false);
    expect(addConditionRow(doc, 'rules.fit[5].when', 'row')).toBe(false);
  });

  it('when a first-time admin adds a fit rule with the builder only (no id, no reason), then the criteria are valid with an id and reason in words', () => {
    const criteria = buildDefaultCriteria();
    const body = {
      'list:rules.fit': '1', 'n:rules.fit[0].points': '15', 't:rules.fit[0].id': '', 't:rules.fit[0].reason': '',
      'cond:rules.fit[0].when': '1', 'cm:rules.fit[0].when': 'all', 'cs:rules.fit[0].when~0': 'inquiry.bookingRequest', 'co:rules.fit[0].when~0': 'is', 'cv:rules.fit[0].when~0': 'true',
    };
    const parsed = parseCriteriaForm(body, criteria);
    const fit = (parsed.document.rules as { fit: Array<Record<string, unknown>> }).fit;
    expect(fit).toEqual([{ id: 'asks-to-book', points: 15, reason: 'asks to book', when: { signal: 'inquiry.bookingRequest', op: 'is', value: true } }]);
    expect(validateCriteria(parsed.document).ok).toBe(true);
  });

  it('when ids are left blank, then they are made from the names, unique, and ids already set never change', () => {
    const doc = { locations: [{ id: 'midtown', name: 'Midtown' }, { id: '', name: 'Midtown' }, { id: '', name: '  42 Brooklyn Heights! ' }], serviceLines: [{ id: '', label: '' }] } as Record<string, unknown>;
    fillBlankIds(doc);
    expect((doc.locations as Array<{ id: string }>).map((l) => l.id)).toEqual(['midtown', 'midtown-2', 'brooklyn-heights']);
    expect((doc.serviceLines as Array<{ id: string }>)[0]!.id).toBe('service');
    expect(slugId('Éclair Clinic', 'x')).toBe('eclair-clinic');
  });

  it('the signal picker offers every catalogued signal exactly once', () => {
    expect(SIGNAL_GROUPS.flatMap((g) => g.signals.map(([s]) => s)).sort()).toEqual([...SIGNAL_NAMES].sort());
  });
});
