import type { NextFunction, Request, Response } from 'express';
import { validationError } from './hubspot-errors';
import { acceptedScopesFor, assertHasScope, hasSensitiveData, SENSITIVE_SCOPES } from './scopes';
import { callerOf, type SandboxContext } from './sandbox-context';
import type { Portal } from './state/crm-types';

type Sensitivity = keyof typeof SENSITIVE_SCOPES;
const isSensitivity = (v: unknown): v is Sensitivity => v === 'sensitive' || v === 'highly_sensitive';

/**
 * Every API route checks the token's scopes (403 MISSING_SCOPES), as HubSpot does: the accepted
 * scopes per route are in {@link acceptedScopesFor}.
 */
export function requireRouteScopes() {
  return (req: Request, res: Response, next: NextFunction): void => {
    const accepted = acceptedScopesFor(req.method, `${req.baseUrl}${req.path}`);
    if (accepted) assertHasScope(callerOf(res).scopes, accepted);
    next();
  };
}

/**
 * Sensitive Data rules ("Sensitive and highly sensitive scopes are not required to retrieve schema
 * information for a Sensitive Data property, but are required to create or edit Sensitive Data
 * properties and to access the property values", developers.hubspot.com/docs/api/sensitive-data):
 * - creating a property with `dataSensitivity` sensitive/highly_sensitive, or editing such a
 *   property, needs the matching `…sensitive.write.v2` scope, and an account with Sensitive Data;
 * - naming a sensitive property in a contact read (`properties`, `propertiesWithHistory`, search
 *   filters and sorts) needs `…sensitive.read.v2`; writing its value needs `…sensitive.write.v2`.
 * Runs after the JSON body parser, on the property and object routes.
 */
export function guardSensitiveData(ctx: SandboxContext, kind: 'properties' | 'objects') {
  return (req: Request, res: Response, next: NextFunction): void => {
    const token = callerOf(res);
    const portal = ctx.store.portals.get(token.portalId);
    const [, objectType = '', ...rest] = req.path.split('/');
    if (!portal || !['contacts', 'contact', '0-1'].includes(objectType.toLowerCase())) return next();
    if (kind === 'properties') checkDefinitionWrite(portal, req, rest, token.scopes);
    else checkValueAccess(portal, req, rest.join('/'), token.scopes);
    next();
  };
}

function checkDefinitionWrite(portal: Portal, req: Request, rest: string[], granted: string[]): void {
  if (req.method === 'GET' || rest[0] === 'groups' || (rest[0] === 'batch' && rest[1] !== 'create')) return;
  const body = req.body as { dataSensitivity?: unknown; inputs?: { dataSensitivity?: unknown }[] } | undefined;
  const levels = [body?.dataSensitivity, ...(Array.isArray(body?.inputs) ? body.inputs.map((i) => i?.dataSensitivity) : [])];
  if (rest.length === 1 && rest[0] !== 'batch') levels.push(portal.schemas.contacts.properties.get(rest[0]!)?.dataSensitivity);
  for (const level of levels.filter(isSensitivity)) {
    assertHasScope(granted, [SENSITIVE_SCOPES[level].write]);
    if (!hasSensitiveData(portal)) throw validationError(`This account does not have Sensitive Data turned on: a ${level} property cannot be created or edited.`);
  }
}

function checkValueAccess(portal: Portal, req: Request, rest: string, granted: string[]): void {
  const read = acceptedScopesFor(req.method, `${req.baseUrl}${req.path}`)?.includes('crm.objects.contacts.read') ?? false;
  const names = read ? namesRead(req) : namesWritten(req, rest);
  for (const name of new Set(names)) {
    const level = portal.schemas.contacts.properties.get(name)?.dataSensitivity;
    if (isSensitivity(level)) assertHasScope(granted, [SENSITIVE_SCOPES[level][read ? 'read' : 'write']]);
  }
}

function listOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap((v) => String(v).split(','));
  return typeof value === 'string' ? value.split(',') : [];
}

function namesRead(req: Request): string[] {
  const body = (req.body ?? {}) as { properties?: unknown; propertiesWithHistory?: unknown; filterGroups?: { filters?: { propertyName?: unknown }[] }[]; sorts?: unknown[] };
  const filters = Array.isArray(body.filterGroups) ? body.filterGroups.flatMap((g) => (Array.isArray(g?.filters) ? g.filters.map((f) => String(f?.propertyName ?? '')) : [])) : [];
  const sorts = Array.isArray(body.sorts) ? body.sorts.map((s) => (typeof s === 'string' ? s : String((s as { propertyName?: unknown })?.propertyName ?? ''))) : [];
  return [...listOf(req.query.properties), ...listOf(req.query.propertiesWithHistory), ...listOf(body.properties), ...listOf(body.propertiesWithHistory), ...filters, ...sorts]
    .map((n) => n.trim()).filter(Boolean);
}

function namesWritten(req: Request, rest: string): string[] {
  const body = (req.body ?? {}) as { properties?: unknown; inputs?: { properties?: unknown }[] };
  const bags = [body.properties, ...(rest.startsWith('batch/') && Array.isArray(body.inputs) ? body.inputs.map((i) => i?.properties) : [])];
  return bags.flatMap((b) => (b && typeof b === 'object' ? Object.keys(b) : []));
}
