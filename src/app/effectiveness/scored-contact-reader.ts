import type { TenantId } from '../ports/ids';
import { AppError, isAppError } from '../errors';
import type { Clock } from '../ports/clock.port';
import type { ContactSnapshot } from '../ports/crm-gateway.port';
import type { CallBudget } from '../ports/pipeline.port';
import type { ScoredContactPage, TaskSnapshot, WindowRequest } from './effectiveness.ports';

/**
 * HubSpot's CRM search limits (developers.hubspot.com/docs/api-reference/search/guide, "Limitations"):
 * 5 requests per second per account, at most 200 records per page, and no more than 10,000 results
 * reachable by paging one query. The sandbox enforces the same (sandbox/state/search-filter.ts).
 */
export const SEARCH_PAGE_SIZE = 200;
export const SEARCH_RESULT_CAP = 10_000;
/**
 * Searches are spaced 250 ms apart (4 a second), not 200: HubSpot counts arrivals in a rolling
 * second, and requests sent exactly 200 ms apart can arrive closer together (the sandbox's
 * integration test caught a 429 that way).
 */
export const SEARCH_MIN_INTERVAL_MS = 250;
/** A window holding more than the cap is split in two until it fits; below this it cannot be split. */
const MIN_SLICE_MS = 60_000;
/** How many times one call waits for the portal's budget before the run gives up (retryable). */
const MAX_BUDGET_WAITS = 50;

export interface ReaderDeps {
  budget: CallBudget;
  clock: Clock;
  sleep(ms: number): Promise<void>;
}

/** One search of a window: contacts scored in it, or tasks completed in it. */
export type WindowSearch<R extends ContactSnapshot | TaskSnapshot = ContactSnapshot> = (portalId: TenantId, req: WindowRequest) => Promise<ScoredContactPage<R>>;

/**
 * Reads every record a window search finds in [from, to) page by page, within the portal's budget: each search
 * takes one call from the shared per-portal budget (the qualify pipeline's too) and searches are
 * spaced SEARCH_MIN_INTERVAL_MS apart. A window HubSpot cannot page through (more than 10,000
 * matches) is split in halves. `onPage` sees each page and may drop it once counted.
 */
export class ScoredContactReader<R extends ContactSnapshot | TaskSnapshot = ContactSnapshot> {
  calls = 0;
  private lastSearchAtMs = Number.NEGATIVE_INFINITY;

  constructor(private readonly portalId: TenantId, private readonly searchWindow: WindowSearch<R>, private readonly deps: ReaderDeps) {}

  async readWindow(from: Date, to: Date, onPage: (contacts: readonly R[]) => Promise<void>): Promise<void> {
    let after: string | undefined;
    do {
      const page = await this.search(from, to, after);
      if (after === undefined && page.total > SEARCH_RESULT_CAP && to.getTime() - from.getTime() > MIN_SLICE_MS) {
        const middle = new Date(from.getTime() + Math.floor((to.getTime() - from.getTime()) / 2));
        await this.readWindow(from, middle, onPage);
        await this.readWindow(middle, to, onPage);
        return;
      }
      await onPage(page.contacts);
      after = page.nextAfter;
    } while (after !== undefined && Number(after) < SEARCH_RESULT_CAP);
  }

  private async search(from: Date, to: Date, after: string | undefined) {
    await this.reserve();
    const wait = this.lastSearchAtMs + SEARCH_MIN_INTERVAL_MS - this.deps.clock.now().getTime();
    if (wait > 0) await this.deps.sleep(wait);
    this.lastSearchAtMs = this.deps.clock.now().getTime();
    this.calls += 1;
    return this.searchWindow(this.portalId, { from, to, after, limit: SEARCH_PAGE_SIZE });
  }

  private async reserve(): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.deps.budget.reserve(this.portalId, 1);
        return;
      } catch (error) {
        if (!isAppError(error) || error.code !== 'hubspot.budget_exhausted' || attempt >= MAX_BUDGET_WAITS) throw error;
        await this.deps.sleep(Math.max(error.retryAfterMs ?? 0, SEARCH_MIN_INTERVAL_MS));
      }
    }
  }
}

/** The run cannot start: the portal has no published criteria (not installed or purged). */
export function notInstalledError(portalId: TenantId): AppError {
  return new AppError('installation.not_found', `portal ${portalId} has no published criteria`, { expose: true });
}
