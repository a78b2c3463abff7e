import { Router, type Request, type Response } from 'express';
import { HubSpotHttpError, buildErrorBody, notFoundError, validationError } from '../hubspot-errors';
import { enforceSearchLimit } from '../api-guard.middleware';
import { callerOf, callerPortal, integrationSource, type SandboxContext } from '../sandbox-context';
import type { CrmRecord, ObjectType, Portal } from '../state/crm-types';
import { toPublicObject } from '../state/public-object';
import { matchesSearch, parseSearchRequest, sortRecords } from '../state/search-filter';
import { applyAssociations, listParam, parseAssociations, resolveObjectType, writtenProperties } from './crm-helpers';
import { createBatchRoutes } from './batch.routes';

/**
 * CRM object routes for contacts and tasks, mounted on both `/crm/v3/objects` and
 * `/crm/objects/2026-03`: list, create, get, update, archive, search, merge, GDPR delete,
 * plus the batch routes.
 */
export function createObjectRoutes(ctx: SandboxContext): Router {
  const router = Router();
  router.post('/contacts/merge', (req, res) => mergeContacts(ctx, req, res));
  router.post('/contacts/gdpr-delete', (req, res) => gdprDelete(ctx, req, res));
  router.post('/:objectType/search', enforceSearchLimit(ctx), (req, res) => search(ctx, req, res));
  router.use('/:objectType/batch', createBatchRoutes(ctx));
  router.get('/:objectType', (req, res) => list(ctx, req, res));
  router.post('/:objectType', (req, res) => create(ctx, req, res));
  router.get('/:objectType/:objectId', (req, res) => {
    const { portal, type } = scope(ctx, req, res);
    const record = mustFind(ctx, portal, type, String(req.params.objectId), req.query.idProperty);
    res.json(toPublicObject(record, { properties: listParam(req.query.properties), propertiesWithHistory: listParam(req.query.propertiesWithHistory), associations: listParam(req.query.associations) }));
  });
  router.patch('/:objectType/:objectId', (req, res) => update(ctx, req, res));
  router.delete('/:objectType/:objectId', (req, res) => {
    const { portal, type } = scope(ctx, req, res);
    const record = ctx.store.findRecord(portal, type, req.params.objectId!);
    if (record) ctx.store.archiveRecord(portal, record, integrationSource(callerOf(res)));
    res.status(204).end();
  });
  return router;
}

function scope(ctx: SandboxContext, req: Request, res: Response): { portal: Portal; type: ObjectType } {
  return { portal: callerPortal(ctx, res), type: resolveObjectType(req.params.objectType) };
}

function mustFind(ctx: SandboxContext, portal: Portal, type: ObjectType, id: string, idProperty: unknown): CrmRecord {
  const record = ctx.store.findRecord(portal, type, id, typeof idProperty === 'string' ? idProperty : undefined);
  if (!record) throw notFoundError(`resource not found: ${type} ${id}`);
  return record;
}

function create(ctx: SandboxContext, req: Request, res: Response): void {
  const { portal, type } = scope(ctx, req, res);
  const body = (req.body ?? {}) as { properties?: unknown; associations?: unknown };
  const values = ctx.store.normalizeWrite(portal, type, body.properties ?? {});
  if (type === 'tasks' && !values.get('hs_timestamp')) throw validationError('Property values were not valid: hs_timestamp is required to create a task.', { errors: [{ message: 'hs_timestamp is required', code: 'REQUIRED_PROPERTY', in: 'hs_timestamp' }] });
  const associations = parseAssociations(portal, type, body.associations);
  const verdict = ctx.store.checkValidationRule(portal, type, undefined, values);
  if (verdict) throw validationError(verdict.message, verdict.propertyName ? { errors: [{ message: verdict.message, in: verdict.propertyName }] } : {});
  const record = ctx.store.createRecord(portal, type, values, integrationSource(callerOf(res)));
  applyAssociations(portal, record, associations);
  res.status(201).json(toPublicObject(record, { properties: writtenProperties(type, values.keys(), true) }));
}

function update(ctx: SandboxContext, req: Request, res: Response): void {
  const { portal, type } = scope(ctx, req, res);
  const record = mustFind(ctx, portal, type, String(req.params.objectId), req.query.idProperty);
  const values = ctx.store.normalizeWrite(portal, type, (req.body as { properties?: unknown } | undefined)?.properties);
  const verdict = ctx.store.checkValidationRule(portal, type, record.id, values);
  if (verdict) throw validationError(verdict.message, verdict.propertyName ? { errors: [{ message: verdict.message, in: verdict.propertyName }] } : {});
  ctx.store.updateRecord(portal, record, values, integrationSource(callerOf(res)));
  res.json(toPublicObject(record, { properties: writtenProperties(type, values.keys(), false) }));
}

function list(ctx: SandboxContext, req: Request, res: Response): void {
  const { portal, type } = scope(ctx, req, res);
  const limit = req.query.limit === undefined ? 10 : Number(req.query.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw validationError('limit must be between 1 and 100');
  const archived = req.query.archived === 'true';
  const all = [...portal.objects[type].values()].filter((r) => r.archived === archived).sort((a, b) => Number(a.id) - Number(b.id));
  const after = Number(req.query.after ?? 0);
  const page = all.filter((r) => Number(r.id) > after).slice(0, limit);
  const body: Record<string, unknown> = {
    results: page.map((r) => toPublicObject(r, { properties: listParam(req.query.properties), associations: listParam(req.query.associations) })),
  };
  const last = page[page.length - 1];
  if (last && all.some((r) => Number(r.id) > Number(last.id))) body.paging = { next: { after: last.id } };
  res.json(body);
}

function search(ctx: SandboxContext, req: Request, res: Response): void {
  const { portal, type } = scope(ctx, req, res);
  const request = parseSearchRequest(req.body);
  const matching = sortRecords([...portal.objects[type].values()].filter((r) => !r.archived && matchesSearch(r, request)), request.sorts);
  const page = matching.slice(request.after, request.after + request.limit);
  const body: Record<string, unknown> = { total: matching.length, results: page.map((r) => toPublicObject(r, { properties: request.properties })) };
  if (request.after + page.length < matching.length) body.paging = { next: { after: String(request.after + page.length) } };
  res.json(body);
}

function mergeContacts(ctx: SandboxContext, req: Request, res: Response): void {
  const portal = callerPortal(ctx, res);
  const { primaryObjectId, objectIdToMerge } = (req.body ?? {}) as { primaryObjectId?: string; objectIdToMerge?: string };
  if (!primaryObjectId || !objectIdToMerge) throw validationError('primaryObjectId and objectIdToMerge are required');
  const primary = mustFind(ctx, portal, 'contacts', String(primaryObjectId), undefined);
  const merged = mustFind(ctx, portal, 'contacts', String(objectIdToMerge), undefined);
  if (primary.id === merged.id) throw new HubSpotHttpError(400, buildErrorBody('VALIDATION_ERROR', 'A contact cannot be merged with itself'));
  ctx.store.mergeRecords(portal, primary, merged, integrationSource(callerOf(res)));
  res.json(toPublicObject(primary));
}

function gdprDelete(ctx: SandboxContext, req: Request, res: Response): void {
  const portal = callerPortal(ctx, res);
  const { objectId, idProperty } = (req.body ?? {}) as { objectId?: string; idProperty?: string };
  if (!objectId) throw validationError('objectId is required');
  const record = mustFind(ctx, portal, 'contacts', String(objectId), idProperty);
  ctx.store.archiveRecord(portal, record, integrationSource(callerOf(res)), true);
  res.status(204).end();
}
