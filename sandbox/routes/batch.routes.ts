import { Router, type Request, type Response } from 'express';
import { validationError } from '../hubspot-errors';
import { callerOf, callerPortal, integrationSource, type SandboxContext } from '../sandbox-context';
import type { ObjectType, Portal } from '../state/crm-types';
import { toPublicObject, type PublicObject } from '../state/public-object';
import { applyAssociations, batchAnswer, batchError, batchInputs, parseAssociations, resolveObjectType, stringList, writtenProperties, type BatchError } from './crm-helpers';

const LABEL: Record<ObjectType, string> = { contacts: 'CONTACT', tasks: 'TASK' };

/**
 * Batch read/create/update/archive (≤100 inputs). Ids that do not exist and records a
 * portal validation rule refuses are reported per input in a 207 answer; an unknown
 * property fails the whole batch with 400 VALIDATION_ERROR, as HubSpot does.
 */
export function createBatchRoutes(ctx: SandboxContext): Router {
  const router = Router({ mergeParams: true });
  router.post('/read', (req, res) => batchRead(ctx, req, res));
  router.post('/create', (req, res) => batchCreate(ctx, req, res));
  router.post('/update', (req, res) => batchUpdate(ctx, req, res));
  router.post('/archive', (req, res) => {
    const { portal, type } = scope(ctx, req, res);
    for (const input of batchInputs<{ id?: unknown }>(req.body)) {
      const record = ctx.store.findRecord(portal, type, String(input?.id ?? ''));
      if (record) ctx.store.archiveRecord(portal, record, integrationSource(callerOf(res)));
    }
    res.status(204).end();
  });
  return router;
}

function scope(ctx: SandboxContext, req: Request, res: Response): { portal: Portal; type: ObjectType; startedAt: string } {
  return { portal: callerPortal(ctx, res), type: resolveObjectType(req.params.objectType), startedAt: ctx.clock.isoNow() };
}

function batchRead(ctx: SandboxContext, req: Request, res: Response): void {
  const { portal, type, startedAt } = scope(ctx, req, res);
  const inputs = batchInputs<{ id?: unknown }>(req.body);
  const body = req.body as { properties?: unknown; propertiesWithHistory?: unknown; idProperty?: unknown };
  const idProperty = typeof body.idProperty === 'string' ? body.idProperty : undefined;
  const options = { properties: stringList(body.properties), propertiesWithHistory: stringList(body.propertiesWithHistory) };
  const results: PublicObject[] = [];
  const missing: string[] = [];
  const seen = new Set<string>();
  for (const input of inputs) {
    const id = String(input?.id ?? '');
    if (seen.has(id)) continue;
    seen.add(id);
    const record = ctx.store.findRecord(portal, type, id, idProperty);
    if (record) results.push(toPublicObject(record, options));
    else missing.push(id);
  }
  const errors = missing.length > 0
    ? [batchError('OBJECT_NOT_FOUND', `Could not get some ${LABEL[type]} objects, they may be deleted or not exist. Check that ids are valid.`, { ids: missing })]
    : [];
  const answer = batchAnswer(results, errors, startedAt, ctx.clock.isoNow(), 200);
  res.status(answer.status).json(answer.body);
}

function batchCreate(ctx: SandboxContext, req: Request, res: Response): void {
  const { portal, type, startedAt } = scope(ctx, req, res);
  const inputs = batchInputs<{ properties?: unknown; associations?: unknown }>(req.body);
  const prepared = inputs.map((input) => {
    const values = ctx.store.normalizeWrite(portal, type, input?.properties ?? {});
    if (type === 'tasks' && !values.get('hs_timestamp')) throw validationError('Property values were not valid: hs_timestamp is required to create a task.');
    return { values, associations: parseAssociations(portal, type, input?.associations) };
  });
  const results: PublicObject[] = [];
  const errors: BatchError[] = [];
  prepared.forEach(({ values, associations }, index) => {
    const verdict = ctx.store.checkValidationRule(portal, type, undefined, values);
    if (verdict) {
      errors.push(batchError('VALIDATION_ERROR', verdict.message, { inputIndex: [String(index)], ...(verdict.propertyName ? { propertyName: [verdict.propertyName] } : {}) }, [{ message: verdict.message, in: verdict.propertyName }]));
      return;
    }
    const record = ctx.store.createRecord(portal, type, values, integrationSource(callerOf(res)));
    applyAssociations(portal, record, associations);
    results.push(toPublicObject(record, { properties: writtenProperties(type, values.keys(), true) }));
  });
  const answer = batchAnswer(results, errors, startedAt, ctx.clock.isoNow(), 201);
  res.status(answer.status).json(answer.body);
}

function batchUpdate(ctx: SandboxContext, req: Request, res: Response): void {
  const { portal, type, startedAt } = scope(ctx, req, res);
  const inputs = batchInputs<{ id?: unknown; idProperty?: unknown; properties?: unknown }>(req.body);
  const ids = inputs.map((i) => String(i?.id ?? ''));
  const duplicates = ids.filter((id, i) => ids.indexOf(id) !== i);
  if (duplicates.length > 0) throw validationError(`Duplicate IDs found in batch input: [${[...new Set(duplicates)].join(', ')}]. IDs must be unique`);
  const prepared = inputs.map((input) => ({
    id: String(input?.id ?? ''),
    idProperty: typeof input?.idProperty === 'string' ? input.idProperty : undefined,
    values: ctx.store.normalizeWrite(portal, type, input?.properties),
  }));
  const results: PublicObject[] = [];
  const errors: BatchError[] = [];
  const missing: string[] = [];
  for (const { id, idProperty, values } of prepared) {
    const record = ctx.store.findRecord(portal, type, id, idProperty);
    if (!record) {
      missing.push(id);
      continue;
    }
    const verdict = ctx.store.checkValidationRule(portal, type, record.id, values);
    if (verdict) {
      errors.push(batchError('VALIDATION_ERROR', verdict.message, { ids: [record.id], ...(verdict.propertyName ? { propertyName: [verdict.propertyName] } : {}) }, [{ message: verdict.message, in: verdict.propertyName }]));
      continue;
    }
    ctx.store.updateRecord(portal, record, values, integrationSource(callerOf(res)));
    results.push(toPublicObject(record, { properties: writtenProperties(type, values.keys(), false) }));
  }
  if (missing.length > 0) errors.unshift(batchError('OBJECT_NOT_FOUND', `Could not update some ${LABEL[type]} objects, they may be deleted or not exist. Check that ids are valid.`, { ids: missing }));
  const answer = batchAnswer(results, errors, startedAt, ctx.clock.isoNow(), 200);
  res.status(answer.status).json(answer.body);
}
