import type { DataMode } from '../../core';
/**
 * The scopes CareQual's install asks HubSpot for: exactly the app manifest's
 * (hubspot-project/src/app/app-hsmeta.json), since HubSpot refuses an authorize request whose
 * required scopes differ from the app's. A test keeps the two equal. `crm.objects.owners.read`
 * lets the criteria editor offer the portal's users and teams as follow-up owners (owners API,
 * crm-owners spec `security`); portals installed before it keep working: the picker falls back to
 * typed owner ids until their next HubSpot sign-in grants it.
 */
export const REQUIRED_SCOPES: readonly string[] = ['oauth', 'crm.objects.contacts.read', 'crm.objects.contacts.write', 'crm.schemas.contacts.write', 'crm.objects.owners.read'];

/**
 * Sensitive Data accounts (Enterprise, under HubSpot's BAA) grant the `…sensitive…` ones too;
 * others install without them. `settings.users.read` lets "Sign in with HubSpot" learn whether
 * the signing-in user is a Super Admin (User Provisioning API, `superAdmin`), who is then a
 * console admin; without it, only the installer is.
 */
export const OPTIONAL_SCOPES: readonly string[] = ['crm.objects.contacts.sensitive.read.v2', 'crm.objects.contacts.sensitive.write.v2', 'crm.objects.contacts.highly_sensitive.read.v2', 'settings.users.read'];

/**
 * The sensitive-data scopes: both are needed for the `sensitive` data mode (reading sensitive
 * inquiry fields and writing CareQual's sensitive properties).
 */
export const SENSITIVE_DATA_SCOPES: readonly string[] = ['crm.objects.contacts.sensitive.read.v2', 'crm.objects.contacts.sensitive.write.v2'];

/** The data mode the scopes HubSpot actually granted allow (optional scopes may be left out). */
export function dataModeFor(grantedScopes: readonly string[]): DataMode {
  return SENSITIVE_DATA_SCOPES.every((s) => grantedScopes.includes(s)) ? 'sensitive' : 'standard';
}
