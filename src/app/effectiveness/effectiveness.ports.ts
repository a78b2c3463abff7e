import type { ContactId, TenantId } from '../ports/ids';
import type { EffectivenessReport, EffectivenessTally, OutcomeSignalConfig } from '../../core';
import type { ContactSnapshot } from '../ports/crm-gateway.port';

/** A task as the completed-task search returns it: its id and the properties asked for. */
export interface TaskSnapshot {
  id: string;
  properties: ContactSnapshot['properties'];
}

/** One page of a CRM search for contacts CareQual scored (or tasks completed) in a time window. */
export interface ScoredContactPage<R = ContactSnapshot> {
  contacts: R[];
  /** HubSpot's count of every match (the search API pages through at most 10,000 of them). */
  total: number;
  nextAfter?: string;
}

/** A window of a CRM search, one page at a time. */
export interface WindowRequest { from: Date; to: Date; after?: string; limit: number }

/** What the effectiveness job reads from HubSpot. */
export interface EffectivenessCrm {
  /** Contacts whose carequal_scored_at lies in [from, to), ≤200 per page, in id order. */
  searchScoredContacts(portalId: TenantId, req: WindowRequest & { properties: readonly string[] }): Promise<ScoredContactPage>;
  /** Tasks completed in [from, to): id and completion time only (ids in `contacts[].id`). */
  searchCompletedTasks(portalId: TenantId, req: WindowRequest): Promise<ScoredContactPage<TaskSnapshot>>;
}

/** A finished (or failed) effectiveness run as the console and CLI show it. */
export interface EffectivenessRun {
  id: string;
  portalId: TenantId;
  status: 'running' | 'finished' | 'failed';
  requestedBy: string;
  windowStart: Date;
  windowEnd: Date;
  contactsRead: number;
  hubspotCalls: number;
  errorCode: string | null;
  report: EffectivenessReport | null;
  startedAt: Date;
  finishedAt: Date | null;
}

/** One finished week slice of a run: its figures as counts, and how many contacts it held. */
export interface EffectivenessCheckpoint { sliceStart: Date; tally: EffectivenessTally; contactsRead: number }

/** A new run; `jobId` (the queue job) and `basis` (criteria version and signals) let a retry resume it. */
export interface NewEffectivenessRun { id: string; portalId: TenantId; requestedBy: string; windowStart: Date; windowEnd: Date; jobId?: string; basis: string }

/** Effectiveness runs, their aggregate cells and per-portal signal settings (no contact data). */
export interface EffectivenessStore {
  startRun(run: NewEffectivenessRun): Promise<void>;
  /**
   * The unfinished (running or failed) run of this queue job on the same basis, set running again,
   * or undefined: a retried job resumes its run; anything else starts afresh.
   */
  resumeRun(portalId: TenantId, jobId: string, basis: string): Promise<EffectivenessRun | undefined>;
  /** The run's finished slices, oldest first. */
  checkpoints(runId: string): Promise<EffectivenessCheckpoint[]>;
  /** Stores a finished slice and the run's progress so far (contacts read, HubSpot calls of every attempt). */
  saveCheckpoint(runId: string, checkpoint: EffectivenessCheckpoint, progress: { contactsRead: number; hubspotCalls: number }): Promise<void>;
  /** Stores the report and its cells, drops the checkpoints and marks the run finished, in one transaction. */
  finishRun(runId: string, report: EffectivenessReport, stats: { contactsRead: number; hubspotCalls: number }): Promise<void>;
  failRun(runId: string, errorCode: string, stats: { contactsRead: number; hubspotCalls: number }): Promise<void>;
  latestRun(portalId: TenantId): Promise<EffectivenessRun | undefined>;
  /** The portal's outcome signals, or undefined when it keeps the defaults. */
  tryGetSignals(portalId: TenantId): Promise<OutcomeSignalConfig | undefined>;
  saveSignals(portalId: TenantId, config: OutcomeSignalConfig): Promise<void>;
  /** CareQual's own follow-up tasks of the portal: HubSpot task id → contact id (from its bookkeeping). */
  followUpTaskContacts(portalId: TenantId): Promise<Map<string, ContactId>>;
}

/** What the console's Effectiveness page needs: the figures to show and a way to run the job now. */
export interface EffectivenessConsole {
  /** The newest finished run (its figures) and the newest run of any state (a run in progress). */
  latest(portalId: TenantId): Promise<{ shown?: EffectivenessRun; current?: EffectivenessRun }>;
  /** Starts a run unless one is already reading for the portal. */
  start(portalId: TenantId, userId: number): Promise<'started' | 'running'>;
  /** The portal's outcome-signal settings (the settings form). */
  signals: Pick<EffectivenessStore, 'tryGetSignals' | 'saveSignals'>;
}
