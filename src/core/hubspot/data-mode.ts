/**
 * How much CareQual may put into a portal's HubSpot (DESIGN.md §3, docs/hipaa.md):
 * - `sensitive`: the portal uses HubSpot's Sensitive Data (Enterprise, under HubSpot's BAA) and
 *   granted CareQual the sensitive contact scopes: CareQual's properties are created `sensitive`,
 *   sensitive inquiry fields are read with those scopes, and reasons name what the practice's
 *   criteria name;
 * - `standard`: every other portal: properties are `non_sensitive` and nothing health-revealing is
 *   written into HubSpot (codes and neutral words only).
 */
export type DataMode = 'sensitive' | 'standard';

/** Both are needed: reading sensitive inquiry fields and writing CareQual's sensitive properties. */
export const SENSITIVE_DATA_SCOPES: readonly string[] = ['crm.objects.contacts.sensitive.read.v2', 'crm.objects.contacts.sensitive.write.v2'];

/** The data mode the scopes HubSpot actually granted allow (optional scopes may be left out). */
export function dataModeFor(grantedScopes: readonly string[]): DataMode {
  return SENSITIVE_DATA_SCOPES.every((s) => grantedScopes.includes(s)) ? 'sensitive' : 'standard';
}
