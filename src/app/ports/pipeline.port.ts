import type { ContactId, TenantId } from './ids';
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
  contactId: ContactId;
  inquiryKey: string;
  taskId: string;
}

/**
 * Bookkeeping that keeps follow-up tasks to one per contact and inquiry (DESIGN.md §4): a slot
 * per (portal, contact, inquiry key), claimed before the task is created in HubSpot.
 */
export interface FollowUpTaskStore {
  /** Claims the (portal, contact, inquiry) slot; false when it was claimed before. */
  claim(portalId: TenantId, contactId: ContactId, inquiryKey: string): Promise<boolean>;
  /**
   * For a slot claimed before: `done` when its task was recorded; `reclaimed` when the claim is
   * older than `leaseMs` without a task (its holder died between claiming and recording — the
   * task may or may not exist in HubSpot) and now belongs to the caller; otherwise how long the
   * live holder's lease still runs.
   */
  reclaimIfStale(portalId: TenantId, contactId: ContactId, inquiryKey: string, leaseMs: number): Promise<'done' | 'reclaimed' | { pendingForMs: number }>;
  /** Records the HubSpot task created for a claimed slot and what it was created with. */
  recordCreated(portalId: TenantId, contactId: ContactId, inquiryKey: string, taskId: string, ownerId: string | undefined, state: FollowUpTaskState): Promise<void>;
  /** Gives a claim back when creating the task failed (HubSpot answered with an error). */
  release(portalId: TenantId, contactId: ContactId, inquiryKey: string): Promise<void>;
  /** Round-robin: the next owner of the list for this portal (undefined when the list is empty). */
  nextOwner(portalId: TenantId, ownerIds: readonly string[]): Promise<string | undefined>;
  /** Per contact, the task CareQual recorded last (an open one before completed ones). */
  listLatestTasks(portalId: TenantId, contactIds: readonly ContactId[]): Promise<Map<ContactId, RecordedFollowUp>>;
  /**
   * Records a change sent to a task; `inquiryKey` moves the task to a newer inquiry of the same
   * contact (a re-submission while the first task is still open).
   */
  recordUpdated(portalId: TenantId, contactId: ContactId, fromInquiryKey: string, toInquiryKey: string, state: FollowUpTaskState): Promise<void>;
}

/** Schedules a "not now" lead to be qualified again at its re-check time. */
export interface RecheckScheduler {
  /** Schedules every re-check of one job at once (one round trip: a page holds ~20 not-now leads). */
  scheduleRechecks(portalId: TenantId, rechecks: readonly { contactId: ContactId; at: Date }[]): Promise<void>;
}

/**
 * One job at a time per contact. Two jobs holding the same contact (the creation webhook and the
 * journal's property changes of that creation, a re-check and a webhook, a re-score page and a
 * new inquiry) each read the contact before either writes, and both write: the "re-read sees what
 * was written" guarantee of qualifyContacts holds only when they run one after the other. A job
 * claims all its contacts at once (all or none, so two jobs can never hold half of each other's)
 * and the loser waits.
 */
export interface ContactClaims {
  /** Claims every contact or none; resolves with the release, or undefined when one is held. */
  tryClaim(portalId: TenantId, contactIds: readonly ContactId[]): Promise<(() => Promise<void>) | undefined>;
}
