import { contactId, tenantId } from '../../app/ports/ids';
import { z } from 'zod';
import { QUALIFY_REASONS, type PurgeRequest, type QualifyRequest } from '../../app/ports/job-queue.port';
import { QUEUE_NAMES } from './queues';

/** HubSpot ids are decimal strings; job data holds ids only (never property values). */
const HubSpotId = z.string().regex(/^\d{1,20}$/, 'must be a HubSpot numeric id').transform(contactId);

export const QUALIFY_QUEUE = QUEUE_NAMES.qualify;
/**
 * A qualify job as stored in Redis: the app's QualifyRequest, checked on the way in and out (one
 * portal, ≤100 contact ids — one HubSpot batch —, a trace id for the logs, why).
 */
export const QualifyJobSchema = z.object({
  portalId: z.number().int().positive().transform(tenantId),
  contactIds: z.array(HubSpotId).min(1).max(100),
  traceId: z.string().min(1).max(64),
  reason: z.enum(QUALIFY_REASONS),
  backfillRunId: z.string().max(64).optional(),
}) satisfies z.ZodType<QualifyRequest>;

export const PURGE_QUEUE = QUEUE_NAMES.purge;
/** A purge job: a contact was deleted or privacy-deleted in HubSpot. */
export const PurgeJobSchema = z.object({
  portalId: z.number().int().positive().transform(tenantId),
  contactIds: z.array(HubSpotId).min(1).max(100),
  traceId: z.string().min(1).max(64),
  privacy: z.boolean(),
}) satisfies z.ZodType<PurgeRequest>;
