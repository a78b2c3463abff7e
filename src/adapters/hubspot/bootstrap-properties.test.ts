import { CAREQUAL_PROPERTIES_VERSION, bootstrapProperties, type ExistingProperty, type PropertyAdmin } from './bootstrap-properties';
import { CAREQUAL_PROPERTY_DEFINITIONS } from './carequal-properties';

const PORTAL = 7_700_001;

/** A portal's property schema in memory, answering like HubSpot (409 for an existing name). */
function fakePortal(existing: ExistingProperty[] = [], groups: string[] = []) {
  const properties = new Map(existing.map((p) => [p.name, p]));
  const calls: string[] = [];
  const admin: PropertyAdmin = {
    async createPropertyGroup(_p, group) {
      calls.push(`group ${group.name}`);
      if (groups.includes(group.name)) return 'exists';
      groups.push(group.name);
      return 'created';
    },
    async listProperties(_p, sensitivity = 'non_sensitive') {
      calls.push(sensitivity === 'non_sensitive' ? 'list' : `list ${sensitivity}`);
      return [...properties.values()].filter((p) => (p.dataSensitivity ?? 'non_sensitive') === sensitivity);
    },
    async deleteProperty(_p, name) {
      calls.push(`delete ${name}`);
      properties.delete(name);
    },
    async createProperty(_p, d) {
      calls.push(`create ${d.name}`);
      if (properties.has(d.name)) return 'exists';
      properties.set(d.name, { ...d, options: d.options ?? [] });
      return 'created';
    },
    async updateProperty(_p, name, patch) {
      calls.push(`update ${name}`);
      properties.set(name, { ...properties.get(name)!, ...patch, options: patch.options ?? properties.get(name)!.options });
    },
  };
  return { admin, calls, properties };
}

describe('bootstrapProperties', () => {
  it('when the portal has nothing yet, then the group and every property are created with our definitions', async () => {
    const { admin, properties } = fakePortal();
    const result = await bootstrapProperties(admin, PORTAL, 'sensitive');
    expect(result.created).toEqual(CAREQUAL_PROPERTY_DEFINITIONS.map((d) => d.name));
    expect(result.version).toBe(CAREQUAL_PROPERTIES_VERSION);
    expect(properties.get('carequal_band')).toMatchObject({ groupName: 'carequal', dataSensitivity: 'sensitive' });
  });

  it('when everything is in place, then a second run only lists (both sensitivities) and changes nothing', async () => {
    const first = fakePortal();
    await bootstrapProperties(first.admin, PORTAL, 'sensitive');
    const again = fakePortal([...first.properties.values()], ['carequal']);
    const result = await bootstrapProperties(again.admin, PORTAL, 'sensitive');
    expect(again.calls).toEqual(['group carequal', 'list', 'list sensitive']);
    expect(result.unchanged).toHaveLength(CAREQUAL_PROPERTY_DEFINITIONS.length);
  });

  it('when an existing property has other options or another label, then it is PATCHed to ours; a practice\'s hidden options are ignored', async () => {
    const band = CAREQUAL_PROPERTY_DEFINITIONS.find((d) => d.name === 'carequal_band')!;
    const score = CAREQUAL_PROPERTY_DEFINITIONS.find((d) => d.name === 'carequal_score')!;
    const outcome = CAREQUAL_PROPERTY_DEFINITIONS.find((d) => d.name === 'carequal_outcome')!;
    const { admin, calls } = fakePortal([
      { ...band, options: band.options!.slice(0, 2) },
      { ...score, label: 'Old score label', options: [] },
      { ...outcome, options: [...outcome.options!, { label: 'Legacy', value: 'legacy', hidden: true }] },
    ], ['carequal']);
    const result = await bootstrapProperties(admin, PORTAL, 'sensitive');
    expect(result.updated.sort()).toEqual(['carequal_band', 'carequal_score']);
    expect(calls.filter((c) => c.startsWith('update'))).toHaveLength(2);
    expect(calls).not.toContain('create carequal_band');
  });
});

describe('bootstrapProperties by data mode', () => {
  it('when the portal is in standard mode, then every property is created non_sensitive and only non-sensitive ones are listed', async () => {
    const { admin, calls, properties } = fakePortal();
    await bootstrapProperties(admin, PORTAL, 'standard');
    expect([...properties.values()].map((p) => p.dataSensitivity)).toEqual(CAREQUAL_PROPERTY_DEFINITIONS.map(() => 'non_sensitive'));
    expect(calls.filter((c) => c.startsWith('list'))).toEqual(['list']);
  });

  it('when a standard portal switches to sensitive mode, then its non_sensitive CareQual properties are deleted and created sensitive', async () => {
    const first = fakePortal();
    await bootstrapProperties(first.admin, PORTAL, 'standard');
    const upgraded = fakePortal([...first.properties.values()], ['carequal']);
    const result = await bootstrapProperties(upgraded.admin, PORTAL, 'sensitive');
    const sensitive = CAREQUAL_PROPERTY_DEFINITIONS.filter((d) => d.dataSensitivity === 'sensitive').map((d) => d.name);
    expect(result.recreated).toEqual(sensitive);
    expect(upgraded.calls).toEqual(expect.arrayContaining(sensitive.map((n) => `delete ${n}`)));
    expect(upgraded.properties.get('carequal_band')?.dataSensitivity).toBe('sensitive');
    expect(upgraded.properties.get('carequal_respond_by')?.dataSensitivity).toBe('non_sensitive');
  });
});
