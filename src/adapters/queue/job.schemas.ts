import { z } from 'zod';
import { QUEUE_NAMES } from './queues';

/** HubSpot ids are decimal strings; job data holds ids only (never property values). */
const HubSpotId = z.string().regex(/^\d{1,20}$/, 'must be a HubSpot numeric id');

export const QUALIFY_QUEUE = QUEUE_NAMES.qualify;
/** A qualify job: one portal, ≤100 contact ids (one HubSpot batch), a trace id for the logs. */
export const QualifyJobSchema = z.object({
  portalId: z.number().int().positive(),
  contactIds: z.array(HubSpotId).min(1).max(100),
  traceId: z.string().min(1).max(64),
  /** Why: a webhook, a backfill page, a scheduled re-check, a merge. */
  reason: z.enum(['webhook', 'backfill', 'recheck', 'merge', 'replay']),
  backfillRunId: z.string().max(64).optional(),
});
export type QualifyJob = z.infer<typeof QualifyJobSchema>;

export const PURGE_QUEUE = QUEUE_NAMES.purge;
/** A purge job: a contact was deleted or privacy-deleted in HubSpot. */
export const PurgeJobSchema = z.object({
  portalId: z.number().int().positive(),
  contactIds: z.array(HubSpotId).min(1).max(100),
  traceId: z.string().min(1).max(64),
  privacy: z.boolean(),
});
export type PurgeJob = z.infer<typeof PurgeJobSchema>;
