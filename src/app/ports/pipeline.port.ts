import type { TenantId } from './ids';
/** Ports the qualify pipeline needs beyond HubSpot: budget, follow-up bookkeeping, re-checks. */
import type { FollowUpPriority } from './crm-gateway.port';

/** The per-portal HubSpot call budget. */
export interface CallBudget {
  /**
   * Takes `cost` calls from the portal's budget or throws AppError `hubspot.budget_exhausted`
   * (retryable, with `retryAfterMs`), so the job is delayed — not failed — and the worker slot
   * is freed for other portals.
   */
  reserve(portalId: TenantId, cost: number): Promise<void>;
  /** Gives back calls reserved but not made (a job reserves its whole run up front). */
  refund(portalId: TenantId, calls: number): Promise<void>;
}

/** What CareQual last set on a follow-up task (codes and a time only). */
export interface FollowUpTaskState {
  band: string;
  route: string;
  priority: FollowUpPriority;
  dueAt: Date;
  open: boolean;
}

/** A follow-up task CareQual created, with the inquiry it belongs to. */
export interface RecordedFollowUp extends FollowUpTaskState {
  contactId: string;
  inquiryKey: string;
  taskId: string;
}

/**
 * Bookkeeping that keeps follow-up tasks to one per contact and inquiry (DESIGN.md §4): a slot
 * per (portal, contact, inquiry key), claimed before the task is created in HubSpot.
 */
export interface FollowUpTaskStore {
  /** Claims the (portal, contact, inquiry) slot; false when it was claimed before. */
  claim(portalId: TenantId, contactId: string, inquiryKey: string): Promise<boolean>;
  /**
   * For a slot claimed before: `done` when its task was recorded; `reclaimed` when the claim is
   * older than `leaseMs` without a task (its holder died between claiming and recording — the
   * task may or may not exist in HubSpot) and now belongs to the caller; otherwise how long the
   * live holder's lease still runs.
   */
  reclaimIfStale(portalId: TenantId, contactId: string, inquiryKey: string, leaseMs: number): Promise<'done' | 'reclaimed' | { pendingForMs: number }>;
  /** Records the HubSpot task created for a claimed slot and what it was created with. */
  recordCreated(portalId: TenantId, contactId: string, inquiryKey: string, taskId: string, ownerId: string | undefined, state: FollowUpTaskState): Promise<void>;
  /** Gives a claim back when creating the task failed (HubSpot answered with an error). */
  release(portalId: TenantId, contactId: string, inquiryKey: string): Promise<void>;
  /** Round-robin: the next owner of the list for this portal (undefined when the list is empty). */
  nextOwner(portalId: TenantId, ownerIds: readonly string[]): Promise<string | undefined>;
  /** Per contact, the task CareQual recorded last (an open one before completed ones). */
  listLatestTasks(portalId: TenantId, contactIds: readonly string[]): Promise<Map<string, RecordedFollowUp>>;
  /**
   * Records a change sent to a task; `inquiryKey` moves the task to a newer inquiry of the same
   * contact (a re-submission while the first task is still open).
   */
  recordUpdated(portalId: TenantId, contactId: string, fromInquiryKey: string, toInquiryKey: string, state: FollowUpTaskState): Promise<void>;
}

/** Schedules a "not now" lead to be qualified again at its re-check time. */
export interface RecheckScheduler {
  scheduleRecheck(portalId: TenantId, contactId: string, at: Date): Promise<void>;
}
