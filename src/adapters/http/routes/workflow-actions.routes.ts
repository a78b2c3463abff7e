import express, { Router, type RequestHandler, type Response } from 'express';
import { AppError, isAppError } from '../../../app/errors';
import type { Clock } from '../../../app/ports/clock.port';
import type { WorkflowActionKind, WorkflowActionRequest, WorkflowActionResult } from '../../../app/workflow-actions/run-workflow-action';
import type { Logger } from '../../../observability/logger';
import type { Metrics } from '../../../observability/metrics';
import { WorkflowActionRequestSchema, type WorkflowExecutionState } from '../../hubspot/workflow-action.schemas';
import { rawBodyOf, requireHubSpotSignature } from '../middleware/hubspot-signature.middleware';

/** Where HubSpot sends each action's executions (the `actionUrl` of its -hsmeta.json). */
export const WORKFLOW_ACTION_PATHS: Readonly<Record<WorkflowActionKind, string>> = {
  qualify: '/workflow-actions/qualify',
  recheck: '/workflow-actions/recheck',
};
/** An execution body holds ids only; 64 KiB is far above it and bounds the work per request. */
export const WORKFLOW_ACTION_BODY_LIMIT_BYTES = 64 * 1024;

export interface WorkflowActionRouterDeps {
  publicBaseUrl: string;
  clientSecret: string;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
  run: (req: WorkflowActionRequest) => Promise<WorkflowActionResult>;
}

/**
 * `POST /workflow-actions/{qualify,recheck}`: raw body → signature v3 on the raw bytes (401 on a
 * bad signature or a timestamp older than 5 minutes) → the execution body (400 when it is not
 * one) → the use case → `{ outputFields }` with `hs_execution_state`.
 *
 * Signature: HubSpot's custom action guide names the v2 signature for actions; its request
 * validation guide says requests also carry the newer X-HubSpot-Signature-v3 and that v3 is the
 * one to check. CareQual checks v3 only (v2 has no timestamp, so no replay window).
 *
 * Status codes follow how HubSpot treats an action's answer ("Using webhooks in workflows" and
 * the custom action reference): 2xx ends the execution (SUCCESS or FAIL_CONTINUE in the body),
 * 429 is retried, honouring Retry-After (seconds), 5xx and timeouts are retried for up to 3
 * days, and any other 4xx fails the step without a retry. So a spent per-portal budget is a 429
 * with Retry-After — HubSpot's documented rate-limit answer, which needs no callback state — and
 * an outage of Redis, the database or HubSpot a 5xx: the contact is qualified later, not dropped.
 */
export function createWorkflowActionRouter(deps: WorkflowActionRouterDeps): Router {
  const router = Router();
  const rawBody = express.raw({ type: () => true, limit: WORKFLOW_ACTION_BODY_LIMIT_BYTES, inflate: false });
  const verifySignature = requireHubSpotSignature({ ...deps, errorCode: 'workflow_action.signature_invalid', what: 'workflow action' });
  for (const [kind, path] of Object.entries(WORKFLOW_ACTION_PATHS) as [WorkflowActionKind, string][]) {
    router.post(path, countAnswer(kind, deps.metrics), rawBody, verifySignature, runAction(kind, deps));
  }
  return router;
}

/** Counts every answer, refusals included: a rising 401 or 429 share is what operators watch. */
function countAnswer(kind: WorkflowActionKind, metrics: Metrics): RequestHandler {
  return (_req, res, next) => {
    res.on('finish', () => metrics.workflowActions.inc({ action: kind, answer: String(res.locals.executionState ?? res.statusCode) }));
    next();
  };
}

function runAction(kind: WorkflowActionKind, deps: WorkflowActionRouterDeps): RequestHandler {
  return async (req, res) => {
    const body = parseBody(rawBodyOf(req));
    if (body.object.objectType.toUpperCase() !== 'CONTACT') {
      throw new AppError('workflow_action.unsupported_object', 'CareQual qualifies contacts only.', { expose: true });
    }
    const request: WorkflowActionRequest = { kind, portalId: body.origin.portalId, contactId: body.object.objectId, callbackId: body.callbackId };
    let result: WorkflowActionResult;
    try {
      result = await deps.run(request);
    } catch (error) {
      throw withRetryAfter(error, res);
    }
    if (result.decided) deps.metrics.contactsQualified.inc({ outcome: result.outputs.outcome });
    const outputFields = outputFieldsOf(result);
    res.locals.executionState = outputFields.hs_execution_state;
    deps.logger.info('workflow action executed', { action: kind, portalId: request.portalId, contactId: request.contactId, decided: result.decided, ...(result.decided ? {} : { reason: result.reason }) });
    res.status(200).json({ outputFields });
  };
}

/** A spent budget (or a HubSpot rate limit) tells HubSpot when to come back, in whole seconds. */
function withRetryAfter(error: unknown, res: Response): unknown {
  if (isAppError(error) && error.retryable && error.retryAfterMs !== undefined) {
    res.set('Retry-After', String(Math.max(1, Math.ceil(error.retryAfterMs / 1000))));
  }
  return error;
}

/**
 * The output fields the action definitions declare (outcome, band, score, route, respond_by,
 * safety_flag). respond_by is ISO 8601, as CareQual writes carequal_respond_by; '' when no
 * outreach is due.
 */
function outputFieldsOf(result: WorkflowActionResult): Record<string, string | number> & { hs_execution_state: WorkflowExecutionState } {
  if (!result.decided) return { hs_execution_state: 'FAIL_CONTINUE' };
  const { outputs } = result;
  return {
    hs_execution_state: 'SUCCESS',
    outcome: outputs.outcome,
    band: outputs.band,
    score: outputs.score,
    route: outputs.route,
    respond_by: outputs.respondBy === null ? '' : outputs.respondBy.toISOString(),
    safety_flag: outputs.safetyFlag ? 'true' : 'false',
  };
}

function parseBody(raw: Buffer) {
  let json: unknown;
  try {
    json = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new AppError('request.malformed_json', 'The request body is not valid JSON.', { expose: true });
  }
  const parsed = WorkflowActionRequestSchema.safeParse(json);
  if (!parsed.success) throw new AppError('request.invalid', 'The request body is not a workflow action execution.', { expose: true });
  return parsed.data;
}
