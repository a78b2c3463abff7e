import { buildDefaultCriteria } from '../templates/default-criteria.template';
import { compileServiceArea, enrichLocation } from './location.enrichment';
import { normalizeZip } from './zip-lookup';
import { normalizeState } from './us-states';

const area = compileServiceArea(buildDefaultCriteria());

describe('enrichLocation', () => {
  it('when the ZIP is in Manhattan, then it is within the area of Midtown at a short distance', () => {
    const facts = enrichLocation('10016', null, area);
    expect(facts).toMatchObject({ status: 'within_area', nearestId: 'midtown', nearestName: 'Midtown' });
    expect(facts.distanceMiles).toBeGreaterThan(0);
    expect(facts.distanceMiles).toBeLessThan(3);
  });

  it('when the ZIP is in Brooklyn, then the nearest covering location is Brooklyn Heights', () => {
    expect(enrichLocation('11215', null, area)).toMatchObject({ status: 'within_area', nearestId: 'brooklyn-heights' });
  });

  it('when the ZIP is in Boston, then it is outside the area with the distance to the nearest location', () => {
    const facts = enrichLocation('02139', 'MA', area);
    expect(facts.status).toBe('outside_area');
    expect(facts.distanceMiles).toBeGreaterThan(150);
    expect(facts.distanceMiles).toBeLessThan(220);
  });

  it('when the ZIP is written as ZIP+4, then the five-digit part is used', () => {
    expect(enrichLocation('10016-1234', null, area).status).toBe('within_area');
  });

  it.each([
    [null, 'NY', 'in_served_state'],
    [null, 'New Jersey', 'in_served_state'],
    [null, 'ca', 'outside_served_states'],
    ['00000', 'CT', 'in_served_state'],
    ['not a zip', 'Texas', 'outside_served_states'],
    [null, null, 'unknown'],
    [null, 'Atlantis', 'unknown'],
  ])('when the ZIP is %p and the state %p, then the status is %p', (zip, state, status) => {
    expect(enrichLocation(zip, state, area).status).toBe(status);
  });

  it('when no states are served or known from locations, then a state alone is unknown', () => {
    const criteria = buildDefaultCriteria();
    const bare = compileServiceArea({ ...criteria, servedStates: undefined, locations: criteria.locations.map(({ state: _s, ...l }) => l) });
    expect(enrichLocation(null, 'NY', bare).status).toBe('unknown');
  });
});

describe('normalizeZip and normalizeState', () => {
  it.each([['02139', '02139'], ['2139', '02139'], [' 10016-1234 ', '10016'], ['100161234', '10016'], ['SW1A 1AA', null], ['12', null]])(
    'when the ZIP is %p, then it reads as %p', (raw, expected) => expect(normalizeZip(raw)).toBe(expected),
  );
  it.each([['ma', 'MA'], ['Massachusetts', 'MA'], ['new  york', 'NY'], ['Washington DC', 'DC'], ['Ontario', null]])(
    'when the state is %p, then it reads as %p', (raw, expected) => expect(normalizeState(raw)).toBe(expected),
  );
});
