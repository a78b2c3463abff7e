import { BANDS, DISQUALIFICATION_REASONS, INTAKE_PROPERTY_NAMES, MISSING_INFO_CODES, OUTCOMES, ROUTES } from '../../core';
import { CAREQUAL_PROPERTY_NAMES } from './carequal-values';
import { CAREQUAL_PROPERTY_DEFINITIONS, CAREQUAL_PROPERTY_GROUP, carequalPropertyDefinitions } from './carequal-properties';

/** Enumerations of PropertyCreate in crm-properties 2026-03 (shared/hubspot-openapi). */
const SPEC_TYPES = ['bool', 'date', 'datetime', 'enumeration', 'number', 'phone_number', 'string'];
const SPEC_FIELD_TYPES = ['booleancheckbox', 'calculation_equation', 'checkbox', 'date', 'file', 'html', 'number', 'phonenumber', 'radio', 'select', 'text', 'textarea'];
const SPEC_SENSITIVITY = ['highly_sensitive', 'non_sensitive', 'sensitive'];
/** DESIGN.md §4, in order, plus carequal_why (issue 17: the one-line "why this outcome"). */
const DESIGN_PROPERTIES = [
  'carequal_score', 'carequal_fit_score', 'carequal_intent_score', 'carequal_readiness_score', 'carequal_band', 'carequal_outcome',
  'carequal_route', 'carequal_disqualification_reasons', 'carequal_reasons', 'carequal_why', 'carequal_missing_info', 'carequal_respond_by',
  'carequal_recheck_at', 'carequal_rules_version', 'carequal_safety_version', 'carequal_scored_at',
  // issue 20: set by intake, created by CareQual
  'carequal_intake_disposition', 'carequal_rejection_reason',
];
const byName = (name: string) => CAREQUAL_PROPERTY_DEFINITIONS.find((d) => d.name === name);

describe('CAREQUAL_PROPERTY_DEFINITIONS', () => {
  it('when compared with DESIGN.md §4, then every property is defined once, in the carequal group', () => {
    expect(CAREQUAL_PROPERTY_DEFINITIONS.map((d) => d.name)).toEqual(DESIGN_PROPERTIES);
    expect(new Set(CAREQUAL_PROPERTY_DEFINITIONS.map((d) => d.groupName))).toEqual(new Set([CAREQUAL_PROPERTY_GROUP.name]));
  });

  it.each(CAREQUAL_PROPERTY_DEFINITIONS.map((d) => [d.name, d] as const))('when %s is checked against PropertyCreate, then its fields fit the spec', (_n, d) => {
    for (const key of ['name', 'label', 'type', 'fieldType', 'groupName']) expect(typeof (d as unknown as Record<string, unknown>)[key]).toBe('string');
    expect(SPEC_TYPES).toContain(d.type);
    expect(SPEC_FIELD_TYPES).toContain(d.fieldType);
    expect(SPEC_SENSITIVITY).toContain(d.dataSensitivity);
    expect(d.description.length).toBeGreaterThan(0);
    const pairs: Record<string, string[]> = { number: ['number'], enumeration: ['select', 'checkbox'], datetime: ['date'], date: ['date'], string: ['text', 'textarea'] };
    expect(pairs[d.type]).toContain(d.fieldType);
    if (d.type === 'enumeration') {
      expect(d.options?.length).toBeGreaterThan(0);
      for (const option of d.options ?? []) expect(option).toEqual({ label: expect.any(String), value: expect.any(String), displayOrder: expect.any(Number), hidden: false });
    } else {
      expect(d.options).toBeUndefined();
    }
  });

  it.each([
    ['carequal_band', 'select', BANDS], ['carequal_outcome', 'select', OUTCOMES], ['carequal_route', 'select', ROUTES],
    ['carequal_disqualification_reasons', 'checkbox', DISQUALIFICATION_REASONS], ['carequal_missing_info', 'checkbox', MISSING_INFO_CODES],
  ] as const)('when %s is defined, then it is a %s with every code as an option', (name, fieldType, codes) => {
    const d = byName(name);
    expect(d?.fieldType).toBe(fieldType);
    expect(d?.options?.map((o) => o.value)).toEqual([...codes]);
    expect(d?.options?.every((o) => o.label !== o.value)).toBe(true);
  });

  it('when a property describes the inquiry, then it is sensitive; timestamps and version are not', () => {
    const sensitive = CAREQUAL_PROPERTY_DEFINITIONS.filter((d) => d.dataSensitivity === 'sensitive').map((d) => d.name);
    expect(sensitive).toEqual([...DESIGN_PROPERTIES.slice(0, 11), ...DESIGN_PROPERTIES.slice(16)]);
  });

  it('when the intake properties are defined, then they are selects with the issue 20 options and CareQual never writes them', () => {
    expect(byName('carequal_intake_disposition')?.options?.map((o) => o.label)).toEqual(['Reached — booked', 'Reached — not booked', 'Not reached', 'Not a fit']);
    expect(byName('carequal_rejection_reason')?.options?.map((o) => o.value)).toEqual(['no_need', 'wrong_contact', 'outside_service', 'insurance_cost', 'duplicate', 'other']);
    expect(CAREQUAL_PROPERTY_DEFINITIONS.map((d) => d.name)).toEqual([...CAREQUAL_PROPERTY_NAMES, ...INTAKE_PROPERTY_NAMES]);
  });

  it('when properties are defined for standard mode, then none is sensitive and no option label says "clinical"', () => {
    const defs = carequalPropertyDefinitions('standard');
    expect(defs.filter((d) => d.dataSensitivity !== 'non_sensitive')).toEqual([]);
    expect(defs.flatMap((d) => d.options ?? []).filter((o) => /clinical/i.test(o.label))).toEqual([]);
    expect(defs.find((d) => d.name === 'carequal_route')!.options!.map((o) => o.value)).toContain('clinical_review');
    expect(carequalPropertyDefinitions('sensitive').filter((d) => d.dataSensitivity === 'sensitive')).toHaveLength(13);
  });

  it('when datetimes and dates are defined, then they use the HubSpot types for each', () => {
    expect(byName('carequal_respond_by')).toMatchObject({ type: 'datetime', fieldType: 'date' });
    expect(byName('carequal_scored_at')).toMatchObject({ type: 'datetime', fieldType: 'date' });
    expect(byName('carequal_recheck_at')).toMatchObject({ type: 'date', fieldType: 'date' });
  });
});
