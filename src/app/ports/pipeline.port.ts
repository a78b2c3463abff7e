/** Ports the qualify pipeline needs beyond HubSpot: budget, follow-up bookkeeping, re-checks. */

/** The per-portal HubSpot call budget. */
export interface CallBudget {
  /**
   * Takes `cost` calls from the portal's budget or throws AppError `hubspot.budget_exhausted`
   * (retryable, with `retryAfterMs`), so the job is delayed — not failed — and the worker slot
   * is freed for other portals.
   */
  reserve(portalId: number, cost: number): Promise<void>;
  /** Gives back calls reserved but not made (a job reserves its whole run up front). */
  refund(portalId: number, calls: number): Promise<void>;
}

/** Bookkeeping that keeps follow-up tasks to one per contact and criteria version. */
export interface FollowUpTaskStore {
  /** Claims the (portal, contact, criteria) slot; false when it was claimed before. */
  claim(portalId: number, contactId: string, criteriaHash: string): Promise<boolean>;
  /**
   * For a slot claimed before: `done` when its task was recorded; `reclaimed` when the claim is
   * older than `leaseMs` without a task (its holder died between claiming and recording — the
   * task may or may not exist in HubSpot) and now belongs to the caller; otherwise how long the
   * live holder's lease still runs.
   */
  reclaimIfStale(portalId: number, contactId: string, criteriaHash: string, leaseMs: number): Promise<'done' | 'reclaimed' | { pendingForMs: number }>;
  /** Records the HubSpot task created for a claimed slot. */
  recordCreated(portalId: number, contactId: string, criteriaHash: string, taskId: string, ownerId: string | undefined): Promise<void>;
  /** Gives a claim back when creating the task failed (HubSpot answered with an error). */
  release(portalId: number, contactId: string, criteriaHash: string): Promise<void>;
  /** Round-robin: the next owner of the list for this portal (undefined when the list is empty). */
  nextOwner(portalId: number, ownerIds: readonly string[]): Promise<string | undefined>;
}

/** Schedules a "not now" lead to be qualified again at its re-check time. */
export interface RecheckScheduler {
  scheduleRecheck(portalId: number, contactId: string, at: Date): Promise<void>;
}
