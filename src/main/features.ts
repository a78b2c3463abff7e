import { appServicesOf } from './app-services';
import { createConsoleFeature } from './console.feature';
import { createEffectivenessFeature } from './effectiveness.feature';
import { createInstallFeature } from './install.feature';
import { createPipelineFeature } from './pipeline.feature';
import { createPublicPagesFeature } from './public-pages.feature';
import { closeQueuesOf } from './queues.wiring';
import type { Closeable, FeatureWiring } from './runtime';
import { createWebhooksFeature } from './webhooks.feature';
import { createWorkflowActionsFeature } from './workflow-actions.feature';

/**
 * The features this build serves, composed in one place. They share one set of application
 * services per process (`appServicesOf`): one audit log, one token provider, one criteria cache.
 */
export function buildFeatures(opts: FeatureOptions = {}): FeatureWiring[] {
  return [
    createPublicPagesFeature(),
    createInstallFeature({ prefix: opts.queuePrefix }),
    createWebhooksFeature({
      installations: (s) => appServicesOf(s).installations,
      criteria: (s) => appServicesOf(s).criteria,
      audit: (s) => appServicesOf(s).audit,
      prefix: opts.queuePrefix,
    }),
    createConsoleFeature({ prefix: opts.queuePrefix, rateLimit: opts.rateLimit }),
    createPipelineFeature({ prefix: opts.queuePrefix, rateLimit: opts.rateLimit }),
    createEffectivenessFeature({ prefix: opts.queuePrefix, rateLimit: opts.rateLimit }),
    createWorkflowActionsFeature({ prefix: opts.queuePrefix, rateLimit: opts.rateLimit }),
  ];
}

export interface FeatureOptions {
  /** BullMQ and rate-limit key prefix (default: QUEUE_PREFIX from the configuration). */
  queuePrefix?: string;
  /** Per-portal HubSpot calls per rolling window (default 105 per 10 s: HubSpot's 110 less a small margin). */
  rateLimit?: { maxRequests: number; windowMs: number; liveReserve?: number };
}

/** Combines feature wirings into the one the runtime takes. */
export function composeFeatures(features: readonly FeatureWiring[] = buildFeatures()): FeatureWiring {
  return {
    createRouters: (services) => features.flatMap((f) => f.createRouters?.(services) ?? []),
    createRawRoutes: (services) => features.flatMap((f) => f.createRawRoutes?.(services) ?? []),
    createAlarms: (services) => Object.assign({}, ...features.map((f) => f.createAlarms?.(services) ?? {})),
    startWorkers: async (services) => {
      // First in, so closed last: the shared queues outlive every worker that adds to them.
      const all: Closeable[] = [{ name: 'queues', close: () => closeQueuesOf(services) }];
      for (const f of features) all.push(...((await f.startWorkers?.(services)) ?? []));
      return all;
    },
  };
}
