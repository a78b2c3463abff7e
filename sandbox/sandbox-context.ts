import type { Response } from 'express';
import type { SandboxClock } from './clock';
import type { FaultInjector } from './faults';
import type { AccessToken, OAuthState } from './oauth';
import type { RollingWindowLimiter, SandboxCounters } from './rate-limit';
import type { CrmStore } from './state/crm-store';
import type { Portal, WriteSource } from './state/crm-types';
import type { WebhookDispatcher } from './webhook-dispatcher';
import type { WebhooksJournal } from './webhooks-journal';
import type { WorkflowActionRunner } from './workflow-actions';

/** Everything the sandbox's routes share. */
export interface SandboxContext {
  clock: SandboxClock;
  store: CrmStore;
  oauth: OAuthState;
  counters: SandboxCounters;
  limiter: RollingWindowLimiter;
  searchLimiter: RollingWindowLimiter;
  faults: FaultInjector;
  webhooks: WebhookDispatcher;
  /** The webhooks journal (app lifecycle events) and its app-level tokens. */
  journal: WebhooksJournal;
  /** Workflows running the apps' custom workflow actions. */
  workflows: WorkflowActionRunner;
  log: (line: string) => void;
}

/** The authenticated caller of an API route (set by the auth middleware). */
export function callerOf(res: Response): AccessToken {
  const token = res.locals.auth as AccessToken | undefined;
  if (!token) throw new Error('route mounted without the auth middleware');
  return token;
}

/** The portal of the authenticated caller. */
export function callerPortal(ctx: SandboxContext, res: Response): Portal {
  return ctx.store.requirePortal(callerOf(res).portalId);
}

/** An app's writes are recorded as INTEGRATION with the app id as source id, as HubSpot does. */
export function integrationSource(token: AccessToken): WriteSource {
  return { sourceType: 'INTEGRATION', sourceId: String(token.appId), appId: token.appId };
}
