import { notFoundError, validationError } from './hubspot-errors';
import type { OAuthState, RegisteredApp } from './oauth';
import type { CrmStore } from './state/crm-store';
import { signWebhookV3 } from './webhook-signature';

/**
 * Workflows that run an app's custom workflow actions, simulated as HubSpot runs them.
 *
 * What HubSpot documents and this follows (custom action reference, "Execution"; "Using webhooks
 * in workflows" for the HTTP rules workflows apply to outbound requests):
 * - a POST to the action's `actionUrl` with `callbackId`, `origin` (portal, action definition),
 *   `context` (source WORKFLOWS, workflow id), `object` (id and type) and `inputFields`, signed
 *   with signature v3 (the app's client secret, method + URL + body + timestamp);
 * - 2xx: done; `outputFields.hs_execution_state` SUCCESS (or absent) continues with the outputs,
 *   FAIL_CONTINUE records a failure and continues;
 * - 429: retried, honouring `Retry-After` (seconds) when present;
 * - 5xx, timeouts and connection failures: retried with back-off over 3 days;
 * - any other 4xx: the execution fails, no retry;
 * - the response is waited for up to 30 s.
 * HubSpot does not publish its back-off schedule; the default here doubles from 1 minute and caps
 * at 8 hours. Tests pass their own (short) delays.
 */
export interface WorkflowActionRunnerOptions {
  /** response timeout (default 30 000 ms) */
  timeoutMs?: number;
  /** back-off before retry n (1-based) when the answer names no Retry-After */
  retryDelayMs?: (retry: number) => number;
  /** how long executions are retried (default 3 days) */
  retryWindowMs?: number;
  log?: (line: string) => void;
}

/** A custom action as an app's -hsmeta.json defines it (the parts the sandbox uses). */
export interface WorkflowActionDefinition {
  uid: string;
  actionName: string;
  actionUrl: string;
  objectTypes: string[];
  outputFieldNames: string[];
}

/** A workflow: enrolled contacts run one custom action, then take a branch on one of its outputs. */
export interface WorkflowSpec {
  portalId: number;
  appId: number;
  actionUid: string;
  branchOn?: { outputField: string; branches: Record<string, string>; otherwise: string };
}

/** One HTTP attempt of an execution. */
export interface ExecutionAttempt { at: number; status?: number; error?: string; retryAfterSeconds?: number }

/** An enrolled contact's run through a workflow, as tests read it back. */
export interface WorkflowExecution {
  executionId: number;
  workflowId: number;
  portalId: number;
  contactId: string;
  callbackId: string;
  state: 'running' | 'succeeded' | 'failed';
  attempts: ExecutionAttempt[];
  outputFields?: Record<string, unknown>;
  /** The branch taken after the action (succeeded executions of workflows that branch). */
  branch?: string;
  failure?: string;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_RETRY_WINDOW_MS = 3 * 24 * 3600 * 1000;
const defaultRetryDelay = (retry: number): number => Math.min(8 * 3600 * 1000, 60_000 * 2 ** (retry - 1));

/** Workflows, enrolments and action executions of the sandbox. */
export class WorkflowActionRunner {
  private readonly definitions = new Map<string, WorkflowActionDefinition & { appId: number; definitionId: number }>();
  private readonly workflows = new Map<number, WorkflowSpec>();
  private readonly executions = new Map<number, WorkflowExecution>();
  /** Retries waiting for their delay, with what ends the wait early (reset, close). */
  private readonly waits = new Map<NodeJS.Timeout, () => void>();
  private readonly aborts = new Set<AbortController>();
  private readonly running = new Set<Promise<void>>();
  private nextDefinitionId = 7_000_001;
  private nextWorkflowId = 8_000_001;
  private nextExecutionId = 1;
  private closed = false;

  constructor(private readonly oauth: OAuthState, private readonly store: CrmStore, private readonly opts: WorkflowActionRunnerOptions = {}) {}

  /** Registers (or replaces) an app's custom actions, as uploading its project does. */
  registerActions(appId: number, actions: readonly WorkflowActionDefinition[]): void {
    if (!this.oauth.apps.has(appId)) throw notFoundError(`no app with id ${appId}`);
    for (const action of actions) this.definitions.set(`${appId}:${action.uid}`, { ...action, appId, definitionId: this.nextDefinitionId++ });
  }

  /** Creates a workflow in a portal; the app must be installed there, as its actions are only offered then. */
  createWorkflow(spec: WorkflowSpec): { workflowId: number } {
    this.store.requirePortal(spec.portalId);
    const definition = this.definitions.get(`${spec.appId}:${spec.actionUid}`);
    if (!definition) throw notFoundError(`app ${spec.appId} has no workflow action ${spec.actionUid}`);
    if (!this.oauth.installs.has(`${spec.portalId}:${spec.appId}`)) throw validationError(`app ${spec.appId} is not installed in portal ${spec.portalId}`);
    if (!definition.objectTypes.includes('CONTACT')) throw validationError(`${spec.actionUid} does not support contacts`);
    if (spec.branchOn && !definition.outputFieldNames.includes(spec.branchOn.outputField)) throw validationError(`${spec.actionUid} has no output field ${spec.branchOn.outputField}`);
    const workflowId = this.nextWorkflowId++;
    this.workflows.set(workflowId, spec);
    return { workflowId };
  }

  /** Enrols a contact: its execution starts now and is read back with {@link execution}. */
  enrol(workflowId: number, contactId: string): WorkflowExecution {
    const workflow = this.workflows.get(workflowId);
    if (!workflow) throw notFoundError(`no workflow ${workflowId}`);
    const portal = this.store.requirePortal(workflow.portalId);
    if (!this.store.findRecord(portal, 'contacts', contactId)) throw notFoundError(`no contact ${contactId} in portal ${workflow.portalId}`);
    const executionId = this.nextExecutionId++;
    const execution: WorkflowExecution = {
      executionId, workflowId, portalId: workflow.portalId, contactId, state: 'running', attempts: [],
      callbackId: `ap-${workflow.portalId}-${workflowId}-${executionId}-0`,
    };
    this.executions.set(executionId, execution);
    this.track(this.attempt(workflow, execution, Date.now()));
    return execution;
  }

  execution(executionId: number): WorkflowExecution | undefined {
    return this.executions.get(executionId);
  }

  /** Resolves when no execution is running or waiting for a retry. */
  async settled(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }

  close(): void {
    this.closed = true;
    this.reset();
  }

  /** Forgets workflows and executions (registered actions stay, as registered apps do); running ones stop. */
  reset(): void {
    for (const [timer, resolve] of this.waits) {
      clearTimeout(timer);
      resolve();
    }
    this.waits.clear();
    for (const a of this.aborts) a.abort();
    this.workflows.clear();
    this.executions.clear();
  }

  private track(work: Promise<void>): void {
    this.running.add(work);
    void work.finally(() => this.running.delete(work));
  }

  private async attempt(workflow: WorkflowSpec, execution: WorkflowExecution, startedAt: number): Promise<void> {
    const definition = this.definitions.get(`${workflow.appId}:${workflow.actionUid}`)!;
    const app = this.oauth.apps.get(workflow.appId)!;
    const record: ExecutionAttempt = { at: Date.now() };
    execution.attempts.push(record);
    let json: unknown;
    try {
      const response = await this.send(app, definition, workflow, execution);
      record.status = response.status;
      const retryAfter = Number(response.headers.get('retry-after'));
      if (Number.isFinite(retryAfter) && retryAfter > 0) record.retryAfterSeconds = retryAfter;
      json = await response.json().catch(() => undefined);
    } catch (err) {
      record.error = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    }
    this.opts.log?.(`workflow action ${definition.uid} execution=${execution.executionId} attempt=${execution.attempts.length} -> ${record.status ?? record.error}`);
    const status = record.status;
    if (status !== undefined && status >= 200 && status < 300) return this.finish(workflow, execution, json);
    if (status !== undefined && status !== 429 && status < 500) return this.fail(execution, `answered ${status}`);
    const delay = record.retryAfterSeconds !== undefined && status === 429 ? record.retryAfterSeconds * 1000 : (this.opts.retryDelayMs ?? defaultRetryDelay)(execution.attempts.length);
    if (this.closed || Date.now() + delay - startedAt > (this.opts.retryWindowMs ?? DEFAULT_RETRY_WINDOW_MS)) return this.fail(execution, 'retries exhausted');
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.waits.delete(timer);
        resolve();
      }, delay);
      this.waits.set(timer, resolve);
    });
    if (!this.closed && this.executions.get(execution.executionId) === execution) await this.attempt(workflow, execution, startedAt);
  }

  private async send(app: RegisteredApp, definition: WorkflowActionDefinition & { definitionId: number }, workflow: WorkflowSpec, execution: WorkflowExecution): Promise<Response> {
    const body = JSON.stringify({
      callbackId: execution.callbackId,
      origin: { portalId: workflow.portalId, actionDefinitionId: definition.definitionId, actionDefinitionVersion: 1 },
      context: { source: 'WORKFLOWS', workflowId: execution.workflowId },
      object: { objectId: Number(execution.contactId), objectType: 'CONTACT' },
      inputFields: {},
    });
    // Wall-clock time, as for webhooks: the app checks the timestamp against its own clock.
    const timestamp = Date.now();
    const abort = new AbortController();
    this.aborts.add(abort);
    try {
      return await fetch(definition.actionUrl, {
        method: 'POST', body, redirect: 'manual',
        signal: AbortSignal.any([abort.signal, AbortSignal.timeout(this.opts.timeoutMs ?? DEFAULT_TIMEOUT_MS)]),
        headers: {
          'Content-Type': 'application/json',
          'X-HubSpot-Signature-v3': signWebhookV3({ clientSecret: app.clientSecret, method: 'POST', uri: definition.actionUrl, body, timestamp }),
          'X-HubSpot-Request-Timestamp': String(timestamp),
        },
      });
    } finally {
      this.aborts.delete(abort);
    }
  }

  private finish(workflow: WorkflowSpec, execution: WorkflowExecution, json: unknown): void {
    const outputFields = (json as { outputFields?: Record<string, unknown> } | undefined)?.outputFields ?? {};
    execution.outputFields = outputFields;
    const state = outputFields.hs_execution_state ?? 'SUCCESS';
    if (state !== 'SUCCESS') return this.fail(execution, String(state));
    execution.state = 'succeeded';
    if (workflow.branchOn) {
      const value = String(outputFields[workflow.branchOn.outputField] ?? '');
      execution.branch = workflow.branchOn.branches[value] ?? workflow.branchOn.otherwise;
    }
  }

  private fail(execution: WorkflowExecution, failure: string): void {
    execution.state = 'failed';
    execution.failure = failure;
  }
}

/** The parts of a `workflow-action` -hsmeta.json the sandbox reads, with `${VARIABLE}`s filled in. */
export function workflowActionFromHsMeta(meta: unknown, variables: Record<string, string>): WorkflowActionDefinition {
  const m = meta as { uid: string; config: { actionUrl: string; objectTypes: string[]; outputFields?: { typeDefinition: { name: string } }[]; labels: { en: { actionName: string } } } };
  return {
    uid: m.uid,
    actionName: m.config.labels.en.actionName,
    actionUrl: m.config.actionUrl.replace(/\$\{(\w+)\}/g, (_all, name: string) => variables[name] ?? ''),
    objectTypes: m.config.objectTypes,
    outputFieldNames: (m.config.outputFields ?? []).map((f) => f.typeDefinition.name),
  };
}
