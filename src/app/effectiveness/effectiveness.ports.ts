import type { EffectivenessReport, OutcomeSignalConfig } from '../../core';
import type { ContactSnapshot } from '../ports/hubspot-crm.port';

/** One page of a CRM search for contacts CareQual scored in a time window. */
export interface ScoredContactPage {
  contacts: ContactSnapshot[];
  /** HubSpot's count of every match (the search API pages through at most 10,000 of them). */
  total: number;
  nextAfter?: string;
}

/** A window of a CRM search, one page at a time. */
export interface WindowRequest { from: Date; to: Date; after?: string; limit: number }

/** What the effectiveness job reads from HubSpot. */
export interface EffectivenessCrm {
  /** Contacts whose carequal_scored_at lies in [from, to), ≤200 per page, in id order. */
  searchScoredContacts(portalId: number, req: WindowRequest & { properties: readonly string[] }): Promise<ScoredContactPage>;
  /** Tasks completed in [from, to): id and completion time only (ids in `contacts[].id`). */
  searchCompletedTasks(portalId: number, req: WindowRequest): Promise<ScoredContactPage>;
}

/** A finished (or failed) effectiveness run as the console and CLI show it. */
export interface EffectivenessRun {
  id: string;
  portalId: number;
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

/** Effectiveness runs, their aggregate cells and per-portal signal settings (no contact data). */
export interface EffectivenessStore {
  startRun(run: { id: string; portalId: number; requestedBy: string; windowStart: Date; windowEnd: Date }): Promise<void>;
  /** Stores the report and its cells and marks the run finished, in one transaction. */
  finishRun(runId: string, report: EffectivenessReport, stats: { contactsRead: number; hubspotCalls: number }): Promise<void>;
  failRun(runId: string, errorCode: string, stats: { contactsRead: number; hubspotCalls: number }): Promise<void>;
  latestRun(portalId: number): Promise<EffectivenessRun | undefined>;
  /** The portal's outcome signals, or undefined when it keeps the defaults. */
  tryGetSignals(portalId: number): Promise<OutcomeSignalConfig | undefined>;
  saveSignals(portalId: number, config: OutcomeSignalConfig): Promise<void>;
  /** CareQual's own follow-up tasks of the portal: HubSpot task id → contact id (from its bookkeeping). */
  followUpTaskContacts(portalId: number): Promise<Map<string, string>>;
}

/** What the console's Effectiveness page needs: the figures to show and a way to run the job now. */
export interface EffectivenessConsole {
  /** The newest finished run (its figures) and the newest run of any state (a run in progress). */
  latest(portalId: number): Promise<{ shown?: EffectivenessRun; current?: EffectivenessRun }>;
  /** Starts a run unless one is already reading for the portal. */
  start(portalId: number, userId: number): Promise<'started' | 'running'>;
}
