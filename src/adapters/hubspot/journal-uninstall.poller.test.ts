import fc from 'fast-check';
import { uninstallsIn } from './journal-uninstall.poller';

const APP = 4242;

describe('uninstallsIn (journal file reader)', () => {
  it('when a file lists lifecycle events, then only this app\'s APP_UNINSTALL portals come back, once each', () => {
    const file = [
      { subscriptionType: 'APP_LIFECYCLE_EVENT', eventType: 'APP_INSTALL', portalId: 11, appId: APP },
      { subscriptionType: 'APP_LIFECYCLE_EVENT', eventType: 'APP_UNINSTALL', portalId: 12, appId: APP },
      { subscriptionType: 'APP_LIFECYCLE_EVENT', eventType: 'app_uninstall', portalId: 12, appId: APP },
      { subscriptionType: 'APP_LIFECYCLE_EVENT', eventType: 'APP_UNINSTALL', portalId: 13, appId: 1 },
      { subscriptionType: 'OBJECT', eventType: 'object.deletion', portalId: 14, objectTypeId: '0-1' },
    ];
    expect(uninstallsIn(file, APP)).toEqual([12]);
    expect(uninstallsIn({ events: file }, APP)).toEqual([12]);
    expect(uninstallsIn({ results: file }, APP)).toEqual([12]);
  });

  it('when an event names its app or portal with an object whose conversion throws, then it is skipped, not fatal (fast-check counterexample)', () => {
    expect(uninstallsIn([{ eventType: 'APP_UNINSTALL', portalId: {}, appId: { toString: 0 } }], APP)).toEqual([]);
    expect(uninstallsIn([{ eventType: 'APP_UNINSTALL', portalId: '12', appId: String(APP) }], APP)).toEqual([12]);
  });

  it('property: any JSON a journal file might hold never throws and yields only positive safe integers', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.array(fc.record({ eventType: fc.constantFrom('APP_UNINSTALL', 'x'), portalId: fc.jsonValue(), appId: fc.oneof(fc.constant(APP), fc.jsonValue()) }))), (file) => {
        const portals = uninstallsIn(file, APP);
        expect(portals.every((p) => Number.isSafeInteger(p) && p > 0)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
