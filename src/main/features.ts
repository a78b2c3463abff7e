import type { FeatureWiring } from './runtime';

/**
 * The features this build serves, composed in one place: each later capability (install,
 * webhooks, pipeline, console, audit) adds its routers and workers here.
 */
export const FEATURES: FeatureWiring[] = [];

/** Combines feature wirings into the one the runtime takes. */
export function composeFeatures(features: readonly FeatureWiring[] = FEATURES): FeatureWiring {
  return {
    createRouters: (services) => features.flatMap((f) => f.createRouters?.(services) ?? []),
    startWorkers: async (services) => {
      const all = [];
      for (const f of features) all.push(...((await f.startWorkers?.(services)) ?? []));
      return all;
    },
  };
}
