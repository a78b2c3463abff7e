import fc from 'fast-check';
import { buildPropertyChange, buildWebhookEvent } from '../../../test/support/webhook-events';
import { classifyWebhookEvent, compactElement, expandStoredElement, RawWebhookEventSchema } from './webhook-event.schemas';

describe('classifyWebhookEvent', () => {
  it('when a classic contact.propertyChange arrives, then it becomes a contact event without the value', () => {
    const raw = buildPropertyChange('message', 'My knee hurts after surgery', { objectId: 123, occurredAt: 1_762_000_000_000, changeSource: 'FORM', sourceId: 'form:abc' });
    const classified = classifyWebhookEvent(raw);
    expect(classified).toEqual({
      status: 'contact',
      event: {
        portalId: raw.portalId, subscriptionId: String(raw.subscriptionId), eventId: String(raw.eventId), objectId: '123', occurredAt: 1_762_000_000_000,
        type: 'contact.propertyChange', kind: 'propertyChange', propertyName: 'message', changeSource: 'FORM', sourceId: 'form:abc',
      },
    });
    expect(JSON.stringify(classified)).not.toContain('knee');
  });

  it('when the type comes as eventType instead of subscriptionType, then it is accepted', () => {
    const raw = buildWebhookEvent({ subscriptionType: undefined, eventType: 'contact.creation' });
    expect(classifyWebhookEvent(raw)).toMatchObject({ status: 'contact', event: { kind: 'creation', type: 'contact.creation' } });
  });

  it.each([
    ['object.creation', 'creation'],
    ['object.propertyChange', 'propertyChange'],
    ['object.deletion', 'deletion'],
    ['object.merge', 'merge'],
    ['object.restore', 'restore'],
  ])('when a generic %s event for objectTypeId 0-1 arrives, then it is a contact %s', (subscriptionType, kind) => {
    const raw = buildWebhookEvent({ subscriptionType, objectTypeId: '0-1', propertyName: 'email', propertyValue: 'x@example.com' });
    expect(classifyWebhookEvent(raw)).toMatchObject({ status: 'contact', event: { kind, type: `contact.${kind}` } });
  });

  it('when a generic event is for another object type, or a contact association change, then it is unsupported', () => {
    expect(classifyWebhookEvent(buildWebhookEvent({ subscriptionType: 'object.creation', objectTypeId: '0-3' }))).toEqual({ status: 'unsupported', type: 'other' });
    expect(classifyWebhookEvent(buildWebhookEvent({ subscriptionType: 'contact.associationChange' }))).toEqual({ status: 'unsupported', type: 'other' });
    expect(classifyWebhookEvent(buildWebhookEvent({ subscriptionType: 'deal.creation' }))).toEqual({ status: 'unsupported', type: 'other' });
  });

  it('when a merge arrives, then the surviving id is newObjectId, else primaryObjectId', () => {
    expect(classifyWebhookEvent(buildWebhookEvent({ subscriptionType: 'contact.merge', objectId: 5, primaryObjectId: 5, mergedObjectIds: [6, 7], newObjectId: 8 })))
      .toMatchObject({ event: { kind: 'merge', survivingId: '8', mergedIds: ['6', '7'] } });
    expect(classifyWebhookEvent(buildWebhookEvent({ subscriptionType: 'contact.merge', objectId: 5, primaryObjectId: 5, mergedObjectIds: [6] })))
      .toMatchObject({ event: { kind: 'merge', survivingId: '5', mergedIds: ['6'] } });
  });

  it('when ids come as decimal strings, then they are accepted and normalised', () => {
    const raw = { ...buildWebhookEvent(), eventId: '0042', objectId: '1001', subscriptionId: '7' };
    expect(classifyWebhookEvent(raw)).toMatchObject({ event: { eventId: '42', objectId: '1001', subscriptionId: '7' } });
  });

  it.each([
    ['a string', 'hello', 'unknown'],
    ['null', null, 'unknown'],
    ['no type at all', { ...buildWebhookEvent(), subscriptionType: undefined }, 'unknown'],
    ['a negative portal id', buildWebhookEvent({ portalId: -1 }), 'contact.creation'],
    ['a fractional object id', buildWebhookEvent({ objectId: 1.5 }), 'contact.creation'],
    ['an id beyond 2^53', { ...buildWebhookEvent(), objectId: 2 ** 60 }, 'contact.creation'],
    ['a property change without a property name', buildWebhookEvent({ subscriptionType: 'contact.propertyChange' }), 'contact.propertyChange'],
    ['a missing occurredAt', { ...buildWebhookEvent(), occurredAt: undefined }, 'contact.creation'],
  ])('when an element is %s, then it is malformed with a bounded type label', (_what, input, type) => {
    expect(classifyWebhookEvent(input)).toEqual({ status: 'malformed', type });
  });

  it('when any JSON value is classified, then it never throws and type labels stay within a fixed set', () => {
    const labels = new Set(['unknown', 'other', 'contact.creation', 'contact.propertyChange', 'contact.deletion', 'contact.privacyDeletion', 'contact.merge', 'contact.restore']);
    fc.assert(fc.property(fc.oneof(fc.jsonValue(), fc.record({ subscriptionType: fc.string(), portalId: fc.integer(), objectId: fc.jsonValue() })), (value) => {
      const c = classifyWebhookEvent(value);
      expect(labels.has(c.status === 'contact' ? c.event.type : c.type)).toBe(true);
    }), { numRuns: 1000 });
  });
});

describe('compactElement (what the web role stores of a delivery before it is classified)', () => {
  it('when a property change carries its value, then the value, unknown fields and field names are gone and the rest comes back', () => {
    const event = { ...buildPropertyChange('message', 'PHI-MARKER knee pain', { portalId: 7, objectId: 9 }), extra: { nested: 'PHI-MARKER' } };
    const stored = compactElement(event);
    expect(JSON.stringify(stored)).not.toMatch(/PHI-MARKER|propertyValue|extra|portalId/);
    expect(expandStoredElement(stored)).toEqual(expect.objectContaining({ portalId: 7, objectId: 9, propertyName: 'message', subscriptionType: 'contact.propertyChange' }));
    expect(expandStoredElement(stored)).not.toHaveProperty('propertyValue');
  });

  it('when every field the schema reads is present, then every one comes back', () => {
    const fields = Object.keys(RawWebhookEventSchema.shape);
    const element = Object.fromEntries(fields.map((field, i) => [field, `v${i}`]));
    expect(expandStoredElement(compactElement(element))).toEqual(element);
  });

  it('when a delivery stored by the previous version (objects) is read, then it classifies as before', () => {
    const event = buildWebhookEvent({ portalId: 7, objectId: 9 });
    expect(classifyWebhookEvent(expandStoredElement(event))).toEqual(classifyWebhookEvent(event));
  });

  it('when any element is stored, then it classifies exactly as the original and keeps nothing nested', () => {
    const known = fc.oneof(fc.integer(), fc.string({ maxLength: 300 }), fc.constantFrom('contact.creation', 'contact.propertyChange', 'contact.merge', 'object.creation', '0-1'), fc.jsonValue());
    const element = fc.oneof(
      fc.jsonValue(),
      fc.record({ subscriptionType: known, eventType: known, objectTypeId: known, portalId: known, objectId: known, eventId: known, subscriptionId: known, occurredAt: known,
        propertyName: known, propertyValue: fc.jsonValue(), sourceId: known, mergedObjectIds: fc.oneof(known, fc.array(known)), newObjectId: known, changeFlag: known, appId: known }, { requiredKeys: [] }),
      fc.constant(buildWebhookEvent()), fc.constant(buildPropertyChange('email', 'a@b.test')),
    );
    fc.assert(fc.property(element, (value) => {
      const stored = compactElement(value);
      expect(classifyWebhookEvent(expandStoredElement(JSON.parse(JSON.stringify(stored))))).toEqual(classifyWebhookEvent(value));
      if (stored !== null) {
        expect(Array.isArray(stored)).toBe(true);
        for (const v of stored as unknown[]) expect(Array.isArray(v) ? v.every((x) => typeof x !== 'object') : v === null || typeof v !== 'object').toBe(true);
      }
    }), { numRuns: 1000 });
  });
});
