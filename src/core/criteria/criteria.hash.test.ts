import { buildDefaultCriteria } from '../templates/default-criteria.template';
import { buildSimplePointModelCriteria } from '../templates/simple-point-model.template';
import { canonicalJson, criteriaHash } from './criteria.hash';
import { requiredContactProperties } from './required-properties';

describe('criteriaHash', () => {
  it('when the same content is built twice, then the hash is the same 64-hex sha256', () => {
    const hash = criteriaHash(buildDefaultCriteria());
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(criteriaHash(buildDefaultCriteria())).toBe(hash);
  });

  it('when keys are written in another order, then the hash does not change', () => {
    const criteria = buildDefaultCriteria();
    const reversed = Object.fromEntries(Object.entries(criteria).reverse()) as typeof criteria;
    expect(criteriaHash(reversed)).toBe(criteriaHash(criteria));
  });

  it('when only the store-assigned version label changes, then the content hash does not', () => {
    expect(criteriaHash({ ...buildDefaultCriteria(), version: 'v7' })).toBe(criteriaHash(buildDefaultCriteria()));
  });

  it('when one rule changes its points, then the hash changes', () => {
    const changed = buildDefaultCriteria();
    (changed.rules.fit[0] as { points: number }).points = 29;
    expect(criteriaHash(changed)).not.toBe(criteriaHash(buildDefaultCriteria()));
  });

  it('when two templates differ, then their hashes differ', () => {
    expect(criteriaHash(buildSimplePointModelCriteria())).not.toBe(criteriaHash(buildDefaultCriteria()));
  });

  it('when canonical JSON is produced, then keys are sorted and undefined members dropped', () => {
    expect(canonicalJson({ b: 1, a: { d: undefined, c: [2, 'x'] } })).toBe('{"a":{"c":[2,"x"]},"b":1}');
  });
});

describe('requiredContactProperties', () => {
  it('when the default criteria are used, then exactly the mapped properties are listed, sorted and deduplicated', () => {
    expect(requiredContactProperties(buildDefaultCriteria())).toEqual([
      'consent_to_contact', 'date_of_birth', 'decision_maker', 'do_not_contact', 'email', 'first_conversion_event_name', 'has_referral_documents',
      'hs_analytics_num_page_views', 'hs_analytics_num_visits', 'hs_analytics_source', 'hs_email_optout', 'hs_legal_basis',
      'insurance_provider', 'message', 'mobilephone', 'num_conversion_events', 'phone', 'recent_conversion_event_name',
      'referral_source', 'service_interest', 'state', 'treatment_timeline', 'zip',
    ]);
  });

  it('when a practice maps the same property twice and drops an input, then it appears once and the dropped one not at all', () => {
    const criteria = buildDefaultCriteria();
    const custom = { ...criteria, propertyMap: { ...criteria.propertyMap, message: ['message', 'how_can_we_help'], timeline: ['message'], documents: [] } };
    const names = requiredContactProperties(custom);
    expect(names.filter((n) => n === 'message')).toHaveLength(1);
    expect(names).toContain('how_can_we_help');
    expect(names).not.toContain('has_referral_documents');
  });
});
