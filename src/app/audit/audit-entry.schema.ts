import { type TenantId, tenantId } from '../ports/ids';
import { z } from 'zod';
import { AppError } from '../errors';
import { AUDIT_ACTIONS, type AuditEntryInput } from '../ports/audit-log.port';

/**
 * What an audit entry may contain, checked before anything is written. Every field is an id,
 * a name or an enumeration with a narrow syntax, so that a property value, a token or free
 * text cannot be smuggled in (DESIGN.md §7: "never values"). There is no free-text field.
 */

/** HubSpot internal property names: letters, digits, underscores (HubSpot's own rule), ≤100. */
export const PROPERTY_NAME_PATTERN = /^[a-z0-9_]{1,100}$/i;
/** Ids CareQual generates or receives (uuid, BullMQ job id, version hash): no spaces, no '@'. */
const SHORT_ID_PATTERN = /^[A-Za-z0-9_.:-]{1,128}$/;
/** Numeric HubSpot ids (contacts, tasks, users). */
const HUBSPOT_ID_PATTERN = /^[0-9]{1,20}$/;
/** Stable error codes such as `hubspot.validation_error`. */
const ERROR_CODE_PATTERN = /^[a-z0-9_.]{1,100}$/;

const shortId = z.string().regex(SHORT_ID_PATTERN);
const hubspotId = z.string().regex(HUBSPOT_ID_PATTERN);

export const AuditActorSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('system'), role: z.enum(['web', 'worker', 'cli']), jobId: shortId.optional() }),
  z.strictObject({ kind: z.literal('user'), hubspotUserId: hubspotId }),
  z.strictObject({ kind: z.literal('hubspot') }),
]);

export const AUDIT_OBJECT_TYPES = ['contact', 'criteria', 'installation', 'token', 'task', 'audit_log', 'webhook_delivery', 'backfill', 'session', 'console_user', 'invitation', 'passkey'] as const;
/** Object types whose ids are HubSpot's numeric ids. */
const NUMERIC_ID_OBJECT_TYPES: ReadonlySet<string> = new Set(['contact', 'task']);

export const AuditEntryInputSchema = z
  .strictObject({
    portalId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).transform(tenantId),
    action: z.enum(AUDIT_ACTIONS),
    actor: AuditActorSchema,
    objectType: z.enum(AUDIT_OBJECT_TYPES).optional(),
    objectId: shortId.optional(),
    propertyNames: z.array(z.string().regex(PROPERTY_NAME_PATTERN)).max(1000).readonly().optional(),
    criteriaVersion: shortId.optional(),
    outcome: z.enum(['success', 'failure']),
    errorCode: z.string().regex(ERROR_CODE_PATTERN).optional(),
    requestId: shortId.optional(),
    jobId: shortId.optional(),
    occurredAt: z.date().refine((d) => !Number.isNaN(d.getTime()), 'must be a valid date').optional(),
  })
  .superRefine((e, ctx) => {
    if (e.objectId !== undefined && e.objectType === undefined) ctx.addIssue({ code: 'custom', path: ['objectType'], message: 'required with objectId' });
    if (e.objectId !== undefined && e.objectType && NUMERIC_ID_OBJECT_TYPES.has(e.objectType) && !HUBSPOT_ID_PATTERN.test(e.objectId)) {
      ctx.addIssue({ code: 'custom', path: ['objectId'], message: `must be a numeric HubSpot id for ${e.objectType}` });
    }
    if (e.outcome === 'failure' && e.errorCode === undefined) ctx.addIssue({ code: 'custom', path: ['errorCode'], message: 'required when outcome is failure' });
    if (e.outcome === 'success' && e.errorCode !== undefined) ctx.addIssue({ code: 'custom', path: ['errorCode'], message: 'only allowed when outcome is failure' });
  });

/**
 * An entry as it is stored and hashed: every optional field present (null when absent),
 * property names sorted and de-duplicated, time truncated to the millisecond. Two inputs
 * that mean the same thing normalise to the same value, so the MAC never depends on how a
 * caller spelled "nothing" (undefined, missing, empty list).
 */
export interface NormalizedAuditEntry {
  portalId: TenantId;
  occurredAt: Date;
  actorKind: 'system' | 'user' | 'hubspot';
  actorId: string | null;
  actorRole: 'web' | 'worker' | 'cli' | null;
  actorJobId: string | null;
  action: AuditEntryInput['action'];
  objectType: (typeof AUDIT_OBJECT_TYPES)[number] | null;
  objectId: string | null;
  propertyNames: string[];
  criteriaVersion: string | null;
  outcome: 'success' | 'failure';
  errorCode: string | null;
  requestId: string | null;
  jobId: string | null;
}

/**
 * Validates and normalises entries; throws AppError `audit.invalid_entry` naming the entry
 * index and field paths only — never the offending value, which may be exactly the PHI the
 * check exists to keep out.
 */
export function normalizeAuditEntries(entries: readonly AuditEntryInput[], now: Date): NormalizedAuditEntry[] {
  return entries.map((entry, index) => {
    const parsed = AuditEntryInputSchema.safeParse(entry);
    if (!parsed.success) {
      const fields = [...new Set(parsed.error.issues.map((i) => i.path.join('.') || '(entry)'))];
      throw new AppError('audit.invalid_entry', `audit entry ${index} rejected: invalid ${fields.join(', ')}`);
    }
    const e = parsed.data;
    const actor = e.actor;
    return {
      portalId: e.portalId,
      occurredAt: new Date(Math.trunc((e.occurredAt ?? now).getTime())),
      actorKind: actor.kind,
      actorId: actor.kind === 'user' ? actor.hubspotUserId : null,
      actorRole: actor.kind === 'system' ? actor.role : null,
      actorJobId: actor.kind === 'system' ? (actor.jobId ?? null) : null,
      action: e.action,
      objectType: e.objectType ?? null,
      objectId: e.objectId ?? null,
      propertyNames: [...new Set(e.propertyNames ?? [])].sort(),
      criteriaVersion: e.criteriaVersion ?? null,
      outcome: e.outcome,
      errorCode: e.errorCode ?? null,
      requestId: e.requestId ?? null,
      jobId: e.jobId ?? null,
    };
  });
}
