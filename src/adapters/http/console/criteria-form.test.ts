import fc from 'fast-check';
import { buildDefaultCriteria, buildSimplePointModelCriteria, criteriaHash, validateCriteria } from '../../../core';
import { formFields } from '../../../../test/support/console-form';
import { html } from './html';
import { addRow, parseCriteriaForm, parsePath } from './criteria-form';
import { diffCriteria } from '../../../app/criteria/criteria-diff';
import { renderCriteriaSections } from './views/criteria-form.view';

/** The editor's form for a document, as a browser would submit it unchanged. */
function submitUnchanged(doc: unknown): URLSearchParams {
  const sections = renderCriteriaSections({ errors: new Map(), readonly: false }, doc as Record<string, unknown>, []);
  return formFields(`<form method="post" action="/console/criteria">${sections.value}</form>`);
}

const toBody = (params: URLSearchParams): Record<string, string | string[]> => {
  const body: Record<string, string | string[]> = {};
  for (const [k, v] of params) body[k] = body[k] === undefined ? v : ([] as string[]).concat(body[k]!, v);
  return body;
};

describe('criteria editor form', () => {
  it.each([
    ['the playbook template', buildDefaultCriteria()],
    ['the simple point model', buildSimplePointModelCriteria()],
  ])('when %s is submitted unchanged, then the parsed document is the same criteria (same hash)', (_name, criteria) => {
    const parsed = parseCriteriaForm(toBody(submitUnchanged(criteria)), criteria);
    expect(parsed.issues).toEqual([]);
    const validation = validateCriteria(parsed.document);
    expect(validation.ok).toBe(true);
    expect(criteriaHash(validation.ok ? validation.criteria : criteria)).toBe(criteriaHash(criteria));
    expect(diffCriteria(criteria, parsed.document)).toEqual([]);
  });

  it('when one field is edited, then the diff names exactly that field', () => {
    const criteria = buildDefaultCriteria();
    const form = submitUnchanged(criteria);
    form.set('nn:bands[1].slaMinutes', '120');
    const parsed = parseCriteriaForm(toBody(form), criteria);
    expect(diffCriteria(criteria, parsed.document)).toEqual([{ path: 'bands[medium].slaMinutes', kind: 'changed', before: '240', after: '120' }]);
  });

  it('when a row is ticked for removal, then it is gone and later rows keep their values', () => {
    const criteria = buildDefaultCriteria();
    const form = submitUnchanged(criteria);
    form.set('x:locations[0]', '1');
    const parsed = parseCriteriaForm(toBody(form), criteria);
    expect((parsed.document.locations as Array<{ id: string }>).map((l) => l.id)).toEqual(criteria.locations.slice(1).map((l) => l.id));
  });

  it('when a condition is not JSON, then the form reports it at that path in plain words', () => {
    const criteria = buildDefaultCriteria();
    const form = submitUnchanged(criteria);
    form.set('j:rules.fit[0].when', '{ signal: oops');
    expect(parseCriteriaForm(toBody(form), criteria).issues).toEqual([{ path: 'rules.fit[0].when', message: expect.stringMatching(/^must be a condition written as JSON/) }]);
  });

  it('when "add" is asked for a known list, then one blank row is appended; unknown lists are refused', () => {
    const doc = { locations: [] } as Record<string, unknown>;
    expect(addRow(doc, 'locations')).toBe(true);
    expect(doc.locations).toHaveLength(1);
    expect(addRow(doc, '__proto__')).toBe(false);
  });

  it('when field names are hostile (any string, prototype keys), then parsing never throws and never touches Object.prototype', () => {
    const key = fc.oneof(fc.string(), fc.constantFrom('t:__proto__.polluted', 'n:constructor.prototype.polluted', 'l:__proto__[0]', 'j:a.__proto__.b', 'list:__proto__', 'x:__proto__', 'day:__proto__'));
    fc.assert(fc.property(fc.dictionary(key, fc.oneof(fc.string(), fc.array(fc.string()))), (body) => {
      parseCriteriaForm(body, buildDefaultCriteria());
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    }), { numRuns: 300 });
  });

  it('paths parse only when well formed', () => {
    expect(parsePath('rules.fit[2].when')).toEqual(['rules', 'fit', 2, 'when']);
    expect(parsePath('a..b]')).toBeUndefined();
    expect(parsePath('constructor.prototype')).toBeUndefined();
  });
});

describe('html', () => {
  it('escapes every interpolated string: no value can open a tag or leave an attribute, and decoding gives the value back', () => {
    const decode = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&#96;/g, '`').replace(/&amp;/g, '&');
    fc.assert(fc.property(fc.string(), (value) => {
      const out = html`${value}`.value;
      expect(out).not.toMatch(/[<>"'`]/);
      expect(decode(out)).toBe(value);
    }), { numRuns: 500 });
  });
});
