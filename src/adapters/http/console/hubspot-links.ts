import type { ConsoleSettings } from './console.ports';

/**
 * The contact's record in HubSpot, for linking a contact id (the only thing about a contact the
 * console shows outside HubSpot): the CRM's own record address /contacts/{portal}/record/0-1/{id}.
 */
export function contactUrlFor(settings: Pick<ConsoleSettings, 'hubspotAuthBaseUrl'>, portalId: number): (contactId: string) => string {
  return (contactId) => `${settings.hubspotAuthBaseUrl}/contacts/${portalId}/record/0-1/${encodeURIComponent(contactId)}`;
}
