/**
 * How much CareQual may put into a tenant's CRM (DESIGN.md §3, docs/hipaa.md):
 * - `sensitive`: the CRM holds sensitive data under a BAA (HubSpot: Sensitive Data, Enterprise)
 *   and granted CareQual access to it: CareQual's properties are created sensitive, sensitive
 *   inquiry fields are read, and reasons name what the practice's criteria name;
 * - `standard`: every other tenant: nothing health-revealing is written into the CRM (codes and
 *   neutral words only).
 * Which grant means which mode is the CRM adapter's knowledge (HubSpot: its OAuth scopes, see
 * src/adapters/hubspot/oauth-scopes.ts).
 */
export type DataMode = 'sensitive' | 'standard';
