import { createHash } from 'node:crypto';
import { canonicalJson, type DataMode } from '../../core';
import { CAREQUAL_PROPERTY_DEFINITIONS, CAREQUAL_PROPERTY_GROUP, carequalPropertyDefinitions, type CarequalPropertyDefinition } from './carequal-properties';

/** A property definition as HubSpot lists it (the members bootstrap compares). */
export interface ExistingProperty {
  name: string;
  label: string;
  type: string;
  fieldType: string;
  groupName: string;
  description?: string;
  options: ReadonlyArray<{ label: string; value: string; hidden?: boolean; displayOrder?: number }>;
  dataSensitivity?: string;
}

/** The property-schema calls bootstrap needs, per portal (HubSpotClient provides them). */
export interface PropertyAdmin {
  createPropertyGroup(portalId: number, group: { name: string; label: string; displayOrder?: number }): Promise<'created' | 'exists'>;
  /** One sensitivity's definitions (HubSpot lists `non_sensitive` unless asked). */
  listProperties(portalId: number, dataSensitivity?: 'non_sensitive' | 'sensitive'): Promise<ExistingProperty[]>;
  createProperty(portalId: number, definition: CarequalPropertyDefinition): Promise<'created' | 'exists'>;
  updateProperty(portalId: number, name: string, patch: PropertyPatch): Promise<void>;
  deleteProperty(portalId: number, name: string): Promise<void>;
}

export type PropertyPatch = Pick<CarequalPropertyDefinition, 'label' | 'description' | 'fieldType' | 'groupName' | 'displayOrder'> & {
  options?: CarequalPropertyDefinition['options'];
};

export interface BootstrapResult {
  /** Hash of the definitions now in place: stored as the installation's `properties_version`. */
  version: string;
  created: string[];
  updated: string[];
  unchanged: string[];
  /** Deleted and created again with the data mode's sensitivity (a standard → sensitive switch). */
  recreated: string[];
}

/**
 * The version of CareQual's property definitions (group and every property). When a release
 * changes a label, an option or a description, this changes, and installations whose stored
 * `properties_version` differs are bootstrapped again.
 */
export const CAREQUAL_PROPERTIES_VERSION = createHash('sha256')
  .update(canonicalJson({ group: CAREQUAL_PROPERTY_GROUP, properties: CAREQUAL_PROPERTY_DEFINITIONS }))
  .digest('hex')
  .slice(0, 16);

/**
 * Creates the `carequal` group and every property of DESIGN.md §4 in a portal, idempotently, with
 * the data mode's sensitivity: an existing group or property is fine (HubSpot's 409), an existing
 * property whose label, description, field type, group or options differ is PATCHed to ours.
 * Bodies are our own, so `dataSensitivity` reaches HubSpot (@hubspot/api-client drops it).
 *
 * Sensitivity cannot be PATCHed (PropertyUpdate has no `dataSensitivity`), so after a switch to
 * sensitive mode a `non_sensitive` CareQual property is deleted and created again (its values are
 * CareQual's own results, written again at the next re-score). A sensitive property in standard
 * mode is left alone: editing it needs the sensitive scopes the portal no longer grants.
 * Listing first keeps a repeated install at 2–3 calls when nothing changed.
 */
export async function bootstrapProperties(admin: PropertyAdmin, portalId: number, mode: DataMode): Promise<BootstrapResult> {
  await admin.createPropertyGroup(portalId, { ...CAREQUAL_PROPERTY_GROUP });
  const lists = await Promise.all([admin.listProperties(portalId), ...(mode === 'sensitive' ? [admin.listProperties(portalId, 'sensitive')] : [])]);
  const existing = new Map(lists.flat().map((p) => [p.name, p]));
  const result: BootstrapResult = { version: CAREQUAL_PROPERTIES_VERSION, created: [], updated: [], unchanged: [], recreated: [] };
  for (const definition of carequalPropertyDefinitions(mode)) {
    const current = existing.get(definition.name);
    if (current && mode === 'sensitive' && (current.dataSensitivity ?? 'non_sensitive') !== definition.dataSensitivity) {
      await admin.deleteProperty(portalId, definition.name);
      await admin.createProperty(portalId, definition);
      result.recreated.push(definition.name);
    } else if (!current) {
      const outcome = await admin.createProperty(portalId, definition);
      (outcome === 'created' ? result.created : result.unchanged).push(definition.name);
    } else if (differs(current, definition)) {
      await admin.updateProperty(portalId, definition.name, patchFor(definition));
      result.updated.push(definition.name);
    } else {
      result.unchanged.push(definition.name);
    }
  }
  return result;
}

function patchFor(d: CarequalPropertyDefinition): PropertyPatch {
  return {
    label: d.label, description: d.description, fieldType: d.fieldType, groupName: d.groupName, displayOrder: d.displayOrder,
    ...(d.options ? { options: d.options } : {}),
  };
}

/** Differences an admin would see. Hidden options a practice added itself are left alone. */
function differs(current: ExistingProperty, wanted: CarequalPropertyDefinition): boolean {
  if (current.label !== wanted.label || current.fieldType !== wanted.fieldType || current.groupName !== wanted.groupName) return true;
  if ((current.description ?? '') !== wanted.description) return true;
  const have = new Map(current.options.filter((o) => !o.hidden).map((o) => [o.value, o.label]));
  const want = wanted.options ?? [];
  if (have.size !== want.length) return true;
  return want.some((o) => have.get(o.value) !== o.label);
}
