import express, { Router, type Request } from 'express';
import { notFoundError, validationError } from '../hubspot-errors';
import type { WorkflowActionDefinition, WorkflowActionRunner, WorkflowSpec } from '../workflow-actions';

const body = (req: Request): Record<string, unknown> => (req.body ?? {}) as Record<string, unknown>;

/**
 * Workflow enrolment over the sandbox's control API (under `/_sandbox`), for the demo and for
 * tests running the sandbox as a separate process:
 * `POST /workflow-actions` `{ appId, actions }` registers an app's custom actions;
 * `POST /workflows` (a {@link WorkflowSpec}) → `{ workflowId }`;
 * `POST /workflows/:workflowId/enrolments` `{ contactId }` → 202 with the execution;
 * `GET /workflow-executions/:executionId` → the execution (attempts, outputs, branch taken).
 */
export function createWorkflowControlRoutes(workflows: WorkflowActionRunner): Router {
  const router = Router();
  router.use(express.json({ limit: '1mb' }));
  router.post('/workflow-actions', (req, res) => {
    const { appId, actions } = body(req) as { appId?: number; actions?: WorkflowActionDefinition[] };
    if (!Array.isArray(actions)) throw validationError('"actions" must be an array of workflow action definitions');
    workflows.registerActions(Number(appId), actions);
    res.status(201).json({ ok: true });
  });
  router.post('/workflows', (req, res) => res.status(201).json(workflows.createWorkflow(body(req) as unknown as WorkflowSpec)));
  router.post('/workflows/:workflowId/enrolments', (req, res) => {
    res.status(202).json(workflows.enrol(Number(req.params.workflowId), String(body(req).contactId)));
  });
  router.get('/workflow-executions/:executionId', (req, res) => {
    const execution = workflows.execution(Number(req.params.executionId));
    if (!execution) throw notFoundError(`no workflow execution ${req.params.executionId}`);
    res.json(execution);
  });
  return router;
}
