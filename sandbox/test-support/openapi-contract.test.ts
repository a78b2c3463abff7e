import { OpenApiContract } from './openapi-contract';

/** The contract helper must be able to fail, or the conformance test proves nothing. */
describe('OpenApiContract', () => {
  const contract = new OpenApiContract();
  const object = { id: '1', properties: { email: 'a@example.com', zip: null }, createdAt: '2026-11-01T00:00:00.000Z', updatedAt: '2026-11-01T00:00:00.000Z', archived: false };

  it('when a path has both a literal and a templated match, then the most specific operation is chosen', () => {
    expect(contract.findOperation('POST', '/crm/v3/properties/contacts/groups').template).toBe('/crm/v3/properties/{objectType}/groups');
    expect(contract.findOperation('GET', '/crm/objects/2026-03/contacts/42?properties=email').template).toBe('/crm/objects/2026-03/contacts/{contactId}');
  });

  it('when a body matches the schema, then it passes (null property values allowed)', () => {
    expect(() => contract.assertResponse('POST', '/crm/objects/2026-03/contacts/batch/read', 200, { status: 'COMPLETE', results: [object], startedAt: object.createdAt, completedAt: object.createdAt })).not.toThrow();
  });

  it.each([
    ['a required field is missing', { status: 'COMPLETE', results: [object], startedAt: object.createdAt }],
    ['an enum value is wrong', { status: 'DONE', results: [object], startedAt: object.createdAt, completedAt: object.createdAt }],
    ['a property value is a number', { status: 'COMPLETE', results: [{ ...object, properties: { score: 5 } }], startedAt: object.createdAt, completedAt: object.createdAt }],
  ])('when %s, then assertResponse throws', (_label, body) => {
    expect(() => contract.assertResponse('POST', '/crm/objects/2026-03/contacts/batch/read', 200, body)).toThrow(/does not match/);
  });

  it('when a create answers 200 where the spec declares 201, then assertResponse throws', () => {
    expect(() => contract.assertResponse('POST', '/crm/objects/2026-03/contacts', 200, object)).toThrow(/declares 201/);
  });

  it('when an error body lacks correlationId, then assertResponse throws', () => {
    expect(() => contract.assertResponse('GET', '/crm/v3/owners', 401, { status: 'error', message: 'x', category: 'INVALID_AUTHENTICATION' })).toThrow(/correlationId/);
  });

  it('when a request body breaks the request schema, then assertRequest throws', () => {
    expect(() => contract.assertRequest('POST', '/crm/objects/2026-03/contacts/batch/update', { inputs: [{ properties: {} }] })).toThrow(/id/);
  });
});
