import type { TenantId } from './ports/ids';
import { requiredContactProperties } from '../core';
import type { Clock } from './ports/clock.port';
import type { InstallationDirectory, PublishedCriteriaReader } from './ports/tenancy.port';

/** What webhook intake needs to know about a portal. */
export type PortalIntakeView =
  | { active: false }
  /** `watched` undefined: no published criteria known, so no property change can be ruled out. */
  | { active: true; watched: ReadonlySet<string> | undefined };

export interface PortalIntakeCacheOptions {
  installations: Pick<InstallationDirectory, 'tryGetStatus'>;
  criteria: PublishedCriteriaReader;
  clock: Clock;
  /** How long a portal's status and watched properties are reused (default 10 s). */
  ttlMs?: number;
  /** Upper bound on cached portals; the cache is cleared when it would grow past it. */
  maxPortals?: number;
}

export const DEFAULT_PORTAL_CACHE_TTL_MS = 10_000;

/**
 * A short-lived per-portal cache in front of the installation directory and the published
 * criteria, so a busy portal's deliveries cost no database round trip each. Staleness is
 * bounded by the TTL and harmless: the qualify worker re-reads status and criteria itself.
 * Only active portals are kept: an "unknown" answer is never reused, because the first events
 * of a new install can arrive before the install is recorded, and skipping them is final.
 * Concurrent look-ups of one portal share one query; failures are not cached.
 */
export function createPortalIntakeCache(opts: PortalIntakeCacheOptions): (portalId: TenantId) => Promise<PortalIntakeView> {
  const ttlMs = opts.ttlMs ?? DEFAULT_PORTAL_CACHE_TTL_MS;
  const maxPortals = opts.maxPortals ?? 50_000;
  const entries = new Map<number, { expiresAtMs: number; view: Promise<PortalIntakeView> }>();

  const load = async (portalId: TenantId): Promise<PortalIntakeView> => {
    const status = await opts.installations.tryGetStatus(portalId);
    if (status !== 'active') return { active: false };
    const published = await opts.criteria.tryGetPublished(portalId);
    return { active: true, watched: published ? new Set(requiredContactProperties(published.criteria)) : undefined };
  };

  return (portalId) => {
    const nowMs = opts.clock.now().getTime();
    const cached = entries.get(portalId);
    if (cached && cached.expiresAtMs > nowMs) return cached.view;
    if (entries.size >= maxPortals) entries.clear();
    const view = load(portalId);
    entries.set(portalId, { expiresAtMs: nowMs + ttlMs, view });
    const forget = () => {
      if (entries.get(portalId)?.view === view) entries.delete(portalId);
    };
    view.then((v) => (v.active ? undefined : forget()), forget);
    return view;
  };
}
