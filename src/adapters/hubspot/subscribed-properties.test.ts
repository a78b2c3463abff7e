import { buildDefaultCriteria, requiredContactProperties } from '../../core';
import { NEVER_SUBSCRIBED_PROPERTIES, subscribedContactProperties } from './subscribed-properties';

describe('the contact properties CareQual subscribes to', () => {
  it('when the default criteria are published, then every property they read is subscribed except the analytics counters', () => {
    const criteria = buildDefaultCriteria();
    const read = requiredContactProperties(criteria);
    expect(read).toEqual(expect.arrayContaining(['hs_analytics_num_page_views', 'hs_analytics_num_visits', 'insurance_provider']));

    const subscribed = subscribedContactProperties(read);

    expect(subscribed).toEqual(read.filter((p) => !NEVER_SUBSCRIBED_PROPERTIES.includes(p)));
    expect(subscribed).toContain('insurance_provider');
    expect(subscribed.filter((p) => p.startsWith('hs_analytics_num_'))).toEqual([]);
  });

  it('when a practice maps a signal to its own field, then that field is subscribed, and an analytics counter it maps is not', () => {
    const criteria = buildDefaultCriteria();
    const [signal] = Object.keys(criteria.propertyMap) as Array<keyof typeof criteria.propertyMap>;
    const mapped = { ...criteria, propertyMap: { ...criteria.propertyMap, [signal!]: ['insurance_carrier', 'hs_analytics_last_visit_timestamp'] } };

    const subscribed = subscribedContactProperties(requiredContactProperties(mapped));

    expect(subscribed).toContain('insurance_carrier');
    expect(subscribed).not.toContain('hs_analytics_last_visit_timestamp');
    expect([...subscribed].sort()).toEqual(subscribed);
  });
});
