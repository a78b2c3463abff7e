import fc from 'fast-check';
import { contactPropertyChangesIn } from './journal-contact-events';

const APP_ID = 4242;
const update = (overrides: Record<string, unknown> = {}) => ({
  eventId: 'b1c7e0a2-5f0e-4a59-9a51-1d1f4c1e2a10', subscriptionId: 7000003, subscriptionType: 'OBJECT', action: 'UPDATE', appId: APP_ID,
  portalId: 8100001, objectTypeId: '0-1', objectId: 5150, occurredAt: 1_764_748_800_000, propertyName: 'visit_timeframe', changeSource: 'CRM_UI', ...overrides,
});

describe('contact property changes in a webhooks-journal file', () => {
  it('when the file holds an OBJECT UPDATE of a contact, then it becomes one propertyChange contact event with ids and the property name only', () => {
    expect(contactPropertyChangesIn([update({ propertyValue: 'next week, my back hurts' })], APP_ID)).toEqual([{
      kind: 'propertyChange', type: 'contact.propertyChange', portalId: 8100001, objectId: '5150', occurredAt: 1_764_748_800_000,
      propertyName: 'visit_timeframe', subscriptionId: 'journal:7000003', eventId: 'b1c7e0a2-5f0e-4a59-9a51-1d1f4c1e2a10', changeSource: 'CRM_UI',
    }]);
  });

  it.each([
    ['a lifecycle event', { subscriptionType: 'APP_LIFECYCLE_EVENT', action: 'APP_UNINSTALL' }],
    ['another app\'s event', { appId: 777 }],
    ['a task (0-27)', { objectTypeId: '0-27' }],
    ['a creation', { action: 'CREATE' }],
    ['no property name', { propertyName: undefined }],
    ['no object id', { objectId: 'abc' }],
  ])('when the file holds %s, then nothing is taken', (_what, overrides) => {
    expect(contactPropertyChangesIn([update(overrides)], APP_ID)).toEqual([]);
  });

  it('when the file is anything at all, then reading it never throws and never carries a value into an event', () => {
    fc.assert(fc.property(fc.anything(), fc.string(), (file, secret) => {
      const events = contactPropertyChangesIn(Array.isArray(file) ? [...file, update({ propertyValue: secret })] : file, APP_ID);
      expect(JSON.stringify(events)).not.toContain('"propertyValue"');
    }));
  });
});
