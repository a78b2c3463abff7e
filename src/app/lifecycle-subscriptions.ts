import type { TenantId } from './ports/ids';
import { isAppError } from './errors';
import type { LifecycleSubscriber } from './ports/install.port';

export interface EnsureLifecycleDeps {
  /** Portals whose uninstall must be noticed: the active installations. */
  listActivePortals(): Promise<TenantId[]>;
  lifecycle: LifecycleSubscriber;
  warn: (message: string, meta: Record<string, unknown>) => void;
}

/**
 * Subscribes every active installation to its lifecycle events, at start: installs made before
 * uninstall detection existed, and installs whose subscription failed at install time. The
 * subscription is an upsert, so subscribing again is harmless; one portal's failure does not
 * stop the others.
 */
export async function ensureLifecycleSubscriptions(deps: EnsureLifecycleDeps): Promise<{ subscribed: number[]; failed: number[] }> {
  const subscribed: number[] = [];
  const failed: number[] = [];
  for (const portalId of await deps.listActivePortals()) {
    try {
      await deps.lifecycle.subscribe(portalId);
      subscribed.push(portalId);
    } catch (error) {
      failed.push(portalId);
      deps.warn('could not subscribe to a portal\'s lifecycle events', { portalId, code: isAppError(error) ? error.code : 'internal_error' });
    }
  }
  return { subscribed, failed };
}
