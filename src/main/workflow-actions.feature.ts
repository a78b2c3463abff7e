import type { Router } from 'express';
import { FollowUpTaskRepository } from '../adapters/db/follow-up-task.repository';
import { createWorkflowActionRouter } from '../adapters/http/routes/workflow-actions.routes';
import { createHubSpotCrmGateway } from '../adapters/hubspot/hubspot-crm.adapter';
import { createCallBudget } from '../adapters/queue/call-budget';
import { PortalRateLimiter, portalRateLimitOptions } from '../adapters/queue/portal-rate-limiter';
import { createRecheckScheduler } from '../adapters/queue/recheck.scheduler';
import type { QualifyDeps } from '../app/qualify-contacts';
import { runWorkflowAction } from '../app/workflow-actions/run-workflow-action';
import { appServicesOf } from './app-services';
import { queuesOf } from './queues.wiring';
import type { FeatureWiring, RuntimeServices } from './runtime';

export interface WorkflowActionsFeatureOptions {
  /** BullMQ and rate-limit key prefix (default: QUEUE_PREFIX); the same as the pipeline's, so both spend one budget. */
  prefix?: string;
  /** Calls per rolling window per portal (default 100 per 10 s), as the pipeline's. */
  rateLimit?: { maxRequests: number; windowMs: number };
}

/**
 * The "Qualify with CareQual" and "Re-check now" workflow actions in the web role. An execution
 * qualifies its contact synchronously with the qualify use case the worker runs (same core, same
 * audit entries, same follow-ups) and the same per-portal budget in Redis (same limiter keys),
 * so workflow executions and webhook jobs of one portal share HubSpot's 110 calls per 10 s.
 * It runs no worker and changes nothing of the queue pipeline.
 */
export function createWorkflowActionsFeature(opts: WorkflowActionsFeatureOptions = {}): FeatureWiring {
  return {
    createRouters(services): Router[] {
      const { config, logger, metrics } = services;
      const deps = qualifyDepsOf(services, opts.prefix ?? config.QUEUE_PREFIX, opts.rateLimit);
      return [
        createWorkflowActionRouter({
          publicBaseUrl: config.PUBLIC_BASE_URL, clientSecret: config.HUBSPOT_CLIENT_SECRET, clock: deps.clock, logger, metrics,
          run: (req) => runWorkflowAction(req, deps),
        }),
      ];
    },
  };
}

function qualifyDepsOf(services: RuntimeServices, prefix: string, rateLimit: WorkflowActionsFeatureOptions['rateLimit']): QualifyDeps {
  const app = appServicesOf(services);
  const limiter = new PortalRateLimiter(services.producerRedis, portalRateLimitOptions(prefix, rateLimit));
  return {
    installations: app.installations,
    criteria: app.criteria,
    crm: createHubSpotCrmGateway(app.hubspot),
    budget: createCallBudget(limiter),
    followUps: new FollowUpTaskRepository(services.db),
    // A "not now" lead gets its re-check as one qualified by a webhook job: the same delayed job,
    // with the same deterministic id, through the process's one qualify producer (the worker runs it).
    rechecks: createRecheckScheduler(queuesOf(services, { prefix }).qualifyJobs),
    audit: app.audit,
    clock: app.clock,
  };
}
