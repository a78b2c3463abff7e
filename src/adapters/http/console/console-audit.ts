import type { TenantId } from '../../../app/ports/ids';
import type { Response } from 'express';
import type { AuditAction, AuditEntryInput } from '../../../app/ports/audit-log.port';
import type { ConsoleDeps } from './console.ports';
import { sessionOf } from './console-session';

type Extra = Partial<Pick<AuditEntryInput, 'objectType' | 'objectId' | 'propertyNames' | 'criteriaVersion' | 'errorCode' | 'outcome'>>;

/** Appends one audit entry for the signed-in user's action, with the request id. */
export async function auditUserAction(deps: Pick<ConsoleDeps, 'audit'>, res: Response, action: AuditAction, extra: Extra = {}): Promise<void> {
  const session = sessionOf(res);
  await auditAs(deps, res, session.portalId, session.userId, action, extra);
}

/** Same, for a user known before a session exists (sign-in). */
export async function auditAs(deps: Pick<ConsoleDeps, 'audit'>, res: Response, portalId: TenantId, userId: number, action: AuditAction, extra: Extra = {}): Promise<void> {
  const requestId = typeof res.locals.requestId === 'string' ? res.locals.requestId : undefined;
  await deps.audit.append([{
    portalId, action, actor: { kind: 'user', hubspotUserId: String(userId) }, outcome: extra.errorCode ? 'failure' : 'success',
    requestId, ...extra,
  }]);
}
