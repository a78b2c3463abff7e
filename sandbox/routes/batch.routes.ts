import { Router, type Request, type Response } from 'express';
import { validationError } from '../hubspot-errors';
import type { CrmRecord } from '../state/crm-types';
import { callerOf, callerPortal, integrationSource, type SandboxContext } from '../sandbox-context';
import type { ObjectType, Portal } from '../state/crm-types';
import { toPublicObject, type PublicObject } from '../state/public-object';
import { multiStatusRequested, notFoundRefusal, refusalOf, ruleRefusal, traceIdOf, wholeBatchRejection, type InputProblem } from './batch-validation';
import { applyAssociations, batchAnswer, batchError, batchInputs, parseAssociations, resolveObjectType, stringList, writtenProperties, type AssociationInput, type BatchError } from './crm-helpers';

const LABEL: Record<ObjectType, string> = { contacts: 'CONTACT', tasks: 'TASK' };

/**
 * Batch read/create/update/archive (≤100 inputs). A read reports ids that do not exist per
 * input (207). A write with any invalid input is refused whole with 400 VALIDATION_ERROR and
 * nothing applied; only a batch create whose inputs all carry a unique `objectWriteTraceId`
 * gets a 207 with the valid inputs created (see batch-validation.ts for HubSpot's sources).
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
  const inputs = batchInputs<{ properties?: unknown; associations?: unknown; objectWriteTraceId?: unknown }>(req.body);
  const traceIds = inputs.map(traceIdOf);
  const problems: InputProblem[] = [];
  const planned: { index: number; values: Map<string, string>; associations: AssociationInput }[] = [];
  const emails = new Set<string>();
  inputs.forEach((input, index) => {
    const traceId = traceIds[index];
    try {
      const values = ctx.store.normalizeWrite(portal, type, input?.properties ?? {});
      if (type === 'tasks' && !values.get('hs_timestamp')) throw validationError('Property values were not valid: hs_timestamp is required to create a task.', { errors: [{ message: 'hs_timestamp is required to create a task.', code: 'REQUIRED_PROPERTY', in: 'hs_timestamp' }] });
      const associations = parseAssociations(portal, type, input?.associations);
      const verdict = ctx.store.checkValidationRule(portal, type, undefined, values);
      if (verdict) problems.push({ index, traceId, ...ruleRefusal(verdict) });
      else planned.push({ index, values, associations });
    } catch (error) {
      problems.push({ index, traceId, ...refusalOf(error) });
    }
  });
  // A duplicate email refuses the whole batch (409 CONFLICT, "Contact already exists"), checked
  // before anything is created so that nothing of the batch is applied.
  for (const { values } of planned) {
    const email = type === 'contacts' ? values.get('email')?.toLowerCase() : undefined;
    if (!email) continue;
    if (emails.has(email)) throw validationError(`Duplicate email in batch input: ${email}.`);
    emails.add(email);
    ctx.store.assertEmailFree(portal, email);
  }
  const multiStatus = multiStatusRequested(traceIds);
  if (problems.length > 0 && !multiStatus) throw wholeBatchRejection('create', problems, inputs.length);

  const results: PublicObject[] = [];
  for (const { index, values, associations } of planned) {
    const record = ctx.store.createRecord(portal, type, values, integrationSource(callerOf(res)));
    applyAssociations(portal, record, associations);
    const traceId = traceIds[index];
    results.push({ ...toPublicObject(record, { properties: writtenProperties(type, values.keys(), true) }), ...(traceId ? { objectWriteTraceId: traceId } : {}) });
  }
  const errors: BatchError[] = problems.map((p) => batchError('VALIDATION_ERROR', p.message, {
    inputIndex: [String(p.index)], objectWriteTraceId: [p.traceId ?? ''], ...propertyNamesOf(p),
  }, p.details.map((d) => ({ message: d.message, ...(d.code ? { code: d.code } : {}), ...(d.in ? { in: d.in } : {}) }))));
  // HubSpot does not promise results in input order (DESIGN.md §3; its docs match results to
  // inputs by objectWriteTraceId): the sandbox answers newest first so no client can rely on it.
  const answer = batchAnswer(results.reverse(), errors, startedAt, ctx.clock.isoNow(), 201);
  res.status(answer.status).json(answer.body);
}

function batchUpdate(ctx: SandboxContext, req: Request, res: Response): void {
  const { portal, type, startedAt } = scope(ctx, req, res);
  const inputs = batchInputs<{ id?: unknown; idProperty?: unknown; properties?: unknown }>(req.body);
  const ids = inputs.map((i) => String(i?.id ?? ''));
  // HubSpot refuses a batch naming the same id twice, whole (400 VALIDATION_ERROR).
  const duplicates = ids.filter((id, i) => ids.indexOf(id) !== i);
  if (duplicates.length > 0) throw validationError(`Duplicate IDs found in batch input: [${[...new Set(duplicates)].join(', ')}]. IDs must be unique`, { context: { ids: [...new Set(duplicates)] } });
  const problems: InputProblem[] = [];
  const planned: { record: CrmRecord; values: Map<string, string> }[] = [];
  inputs.forEach((input, index) => {
    const id = ids[index]!;
    const record = ctx.store.findRecord(portal, type, id, typeof input?.idProperty === 'string' ? input.idProperty : undefined);
    if (!record) return void problems.push({ index, recordId: id, ...notFoundRefusal(id) });
    try {
      const values = ctx.store.normalizeWrite(portal, type, input?.properties);
      const verdict = ctx.store.checkValidationRule(portal, type, record.id, values);
      if (verdict) problems.push({ index, recordId: id, ...ruleRefusal(verdict) });
      else planned.push({ record, values });
    } catch (error) {
      problems.push({ index, recordId: id, ...refusalOf(error) });
    }
  });
  if (problems.length > 0) throw wholeBatchRejection('update', problems, inputs.length);
  for (const { record, values } of planned) {
    const email = values.get('email');
    if (type === 'contacts' && email && email !== record.properties.get('email')) ctx.store.assertEmailFree(portal, email, record.id);
  }
  const results = planned.map(({ record, values }) => {
    ctx.store.updateRecord(portal, record, values, integrationSource(callerOf(res)));
    return toPublicObject(record, { properties: writtenProperties(type, values.keys(), false) });
  });
  const answer = batchAnswer(results, [], startedAt, ctx.clock.isoNow(), 200);
  res.status(answer.status).json(answer.body);
}

function propertyNamesOf(problem: InputProblem): Record<string, string[]> {
  const names = [...new Set(problem.details.flatMap((d) => (d.in ? [d.in] : [])))];
  return names.length > 0 ? { propertyName: names } : {};
}
