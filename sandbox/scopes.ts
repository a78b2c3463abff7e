import { HubSpotHttpError, buildErrorBody } from './hubspot-errors';
import type { AccountTier, Portal } from './state/crm-types';

/**
 * Which OAuth scopes each API route the sandbox serves accepts (any one of them suffices), as the
 * `security` of each operation in ../shared/hubspot-openapi says (crm-contacts, crm-tasks,
 * crm-owners, crm-properties, app-uninstalls; v3 and 2026-03 alike):
 * - contacts and tasks records: read → `crm.objects.contacts.read`, write → `crm.objects.contacts.write`
 *   (tasks too: HubSpot's tasks spec names the contacts scopes);
 * - property definitions: read → the object's read/schema-read scopes, write → `crm.schemas.<object>.write`.
 *   The spec lists ~100 alternatives for property reads (any object's scope); the sandbox keeps the
 *   ones about the object asked for (stricter; a contract test checks each is in the spec);
 * - owners: `crm.objects.owners.read` or `automation`; an app uninstalling itself: `oauth`.
 */
export const ROUTE_SCOPES = {
  contactsRead: ['crm.objects.contacts.read'],
  contactsWrite: ['crm.objects.contacts.write'],
  contactPropertiesRead: [
    'crm.objects.contacts.read', 'crm.objects.contacts.write', 'crm.schemas.contacts.read',
    'crm.objects.contacts.sensitive.read.v2', 'crm.objects.contacts.sensitive.write.v2',
    'crm.objects.contacts.highly_sensitive.read.v2', 'crm.objects.contacts.highly_sensitive.write.v2',
  ],
  contactPropertiesWrite: ['crm.schemas.contacts.write'],
  taskPropertiesRead: ['crm.objects.tasks.read', 'crm.schemas.tasks.read'],
  /** HubSpot's specs name no scope that writes task property definitions. */
  taskPropertiesWrite: [],
  ownersRead: ['crm.objects.owners.read', 'automation'],
  selfUninstall: ['oauth'],
  /** User Provisioning API reads (developers.hubspot.com/docs/api/settings/user-provisioning). */
  usersRead: ['settings.users.read'],
} as const satisfies Record<string, readonly string[]>;

/** Scopes needed to create/edit a property of each sensitivity and to read or write its values. */
export const SENSITIVE_SCOPES = {
  sensitive: { read: 'crm.objects.contacts.sensitive.read.v2', write: 'crm.objects.contacts.sensitive.write.v2' },
  highly_sensitive: { read: 'crm.objects.contacts.highly_sensitive.read.v2', write: 'crm.objects.contacts.highly_sensitive.write.v2' },
} as const;

const CONTACT_TYPES = new Set(['contacts', 'contact', '0-1']);
const TASK_TYPES = new Set(['tasks', 'task', '0-27']);
const OBJECT_ROUTE = /^\/crm\/(?:v3\/objects|objects\/2026-03)\/([^/]+)(\/.*)?$/;
const PROPERTY_ROUTE = /^\/crm\/(?:v3\/properties|properties\/2026-03)\/([^/]+)(\/.*)?$/;

/** Whether a route reads (GET, batch read, search) or writes. */
function isRead(method: string, rest: string): boolean {
  return method === 'GET' || /^\/batch\/read$/.test(rest) || /^\/search$/.test(rest);
}

/** The scopes of which a token needs one for `method path`; undefined for routes without a rule. */
export function acceptedScopesFor(method: string, path: string): readonly string[] | undefined {
  const m = method.toUpperCase();
  const object = OBJECT_ROUTE.exec(path);
  if (object) {
    const type = object[1]!.toLowerCase();
    if (!CONTACT_TYPES.has(type) && !TASK_TYPES.has(type)) return undefined;
    return isRead(m, object[2] ?? '') ? ROUTE_SCOPES.contactsRead : ROUTE_SCOPES.contactsWrite;
  }
  const property = PROPERTY_ROUTE.exec(path);
  if (property) {
    const type = property[1]!.toLowerCase();
    const read = isRead(m, property[2] ?? '');
    if (CONTACT_TYPES.has(type)) return read ? ROUTE_SCOPES.contactPropertiesRead : ROUTE_SCOPES.contactPropertiesWrite;
    if (TASK_TYPES.has(type)) return read ? ROUTE_SCOPES.taskPropertiesRead : ROUTE_SCOPES.taskPropertiesWrite;
    return undefined;
  }
  if (/^\/crm\/(?:v3\/owners|owners\/2026-03)(\/|$)/.test(path)) return ROUTE_SCOPES.ownersRead;
  if (/^\/appinstalls\/(?:v3|2026-03)\/external-install$/.test(path)) return ROUTE_SCOPES.selfUninstall;
  if (/^\/settings\/v3\/users(\/|$)/.test(path)) return ROUTE_SCOPES.usersRead;
  return undefined;
}

/**
 * 403 MISSING_SCOPES, in the body HubSpot sends (category MISSING_SCOPES, the scopes of which one
 * is needed in `errors[0].context.requiredGranularScopes`, a link to the scopes page). Source:
 * HubSpot's scopes documentation (developers.hubspot.com/scopes) and the live API's answers.
 */
export function missingScopesError(anyOf: readonly string[]): HubSpotHttpError {
  return new HubSpotHttpError(403, buildErrorBody('MISSING_SCOPES', "This app hasn't been granted all required scopes to make this call. Read more about required scopes here: https://developers.hubspot.com/scopes.", {
    errors: [{ message: 'One or more of the following scopes are required.', context: { requiredGranularScopes: [...anyOf] } }],
    links: { scopes: 'https://developers.hubspot.com/scopes' },
  }));
}

/** Throws MISSING_SCOPES unless the granted scopes include one of `anyOf` (an empty list: nothing grants it). */
export function assertHasScope(granted: readonly string[], anyOf: readonly string[]): void {
  if (!anyOf.some((s) => granted.includes(s))) throw missingScopesError(anyOf);
}

/**
 * Sensitive Data is an Enterprise feature an account turns on ("Sensitive Data properties,
 * HubSpot users in Enterprise accounts", developers.hubspot.com/docs/api/sensitive-data).
 */
export function hasSensitiveData(portal: Pick<Portal, 'tier' | 'sensitiveData'>): boolean {
  return portal.tier === 'enterprise' && portal.sensitiveData;
}

/**
 * Whether an account can grant a scope: the `…sensitive…` scopes exist only where Sensitive Data
 * is on. HubSpot silently leaves out optional scopes the account cannot have, and refuses an
 * install whose required scopes it cannot grant.
 */
export function accountCanGrant(portal: Pick<Portal, 'tier' | 'sensitiveData'>, scope: string): boolean {
  return !/(^|\.)(highly_)?sensitive(\.|$)/.test(scope) || hasSensitiveData(portal);
}

/** The tiers, lowest first. */
export const ACCOUNT_TIERS: readonly AccountTier[] = ['free', 'starter', 'professional', 'enterprise'];

/** What an account grants for an install request, or why it refuses it. */
export type ScopeGrant = { ok: true; scopes: string[] } | { ok: false; title: string; detail: string };

/**
 * The scopes an install grants. HubSpot's rules (developers.hubspot.com/docs/apps/developer-platform/
 * build-apps/authentication/scopes): every required scope of the app must be in the `scope`
 * parameter; a scope the app does not declare is refused; a required scope the account cannot
 * have refuses the install; optional scopes the account cannot have are silently left out.
 * An app registered without any scopes (old test fixtures) declares none to compare with.
 */
export function grantScopes(app: { scopes: string[]; optionalScopes: string[] }, portal: Pick<Portal, 'tier' | 'sensitiveData'>, requested: string[], optional: string[]): ScopeGrant {
  const declares = app.scopes.length + app.optionalScopes.length > 0;
  const lacking = app.scopes.filter((s) => !requested.includes(s));
  if (lacking.length > 0) return { ok: false, title: 'Missing required scopes', detail: `The install URL's scope parameter lacks required scopes of the app: ${lacking.join(', ')}.` };
  const known = new Set([...app.scopes, ...app.optionalScopes]);
  const unknown = declares ? [...requested, ...optional].filter((s) => !known.has(s)) : [];
  if (unknown.length > 0) return { ok: false, title: 'Scope mismatch', detail: `The app does not request these scopes: ${unknown.join(', ')}.` };
  const impossible = requested.filter((s) => !accountCanGrant(portal, s));
  if (impossible.length > 0) return { ok: false, title: 'This account cannot install the app', detail: `The app requires scopes this account does not have: ${impossible.join(', ')}.` };
  return { ok: true, scopes: [...new Set([...requested, ...optional.filter((s) => accountCanGrant(portal, s))])] };
}
