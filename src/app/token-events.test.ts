import { tenantId } from './ports/ids';
import { RecordingAuditLog } from '../../test/fakes/pipeline.fakes';
import { auditTokenEvents, tokenAuditEntries, type TokenEvent } from './token-events';

const WEB = { kind: 'system', role: 'web' } as const;

describe('token events', () => {
  it.each([
    ['a refresh', { kind: 'refreshed', portalId: 7, context: { jobId: 'j1' } } as TokenEvent, [['token.refreshed', 'token', 'success', undefined]]],
    ['a refusal that leaves the installation as it was', { kind: 'refresh_failed', portalId: 7, errorCode: 'hubspot.unavailable', needsReauth: false, context: {} } as TokenEvent,
      [['token.refresh_failed', 'token', 'failure', 'hubspot.unavailable']]],
    ['a refusal that moved the installation to needs_reauth', { kind: 'refresh_failed', portalId: 7, errorCode: 'hubspot.invalid_grant', needsReauth: true, context: { requestId: 'r1' } } as TokenEvent,
      [['token.refresh_failed', 'token', 'failure', 'hubspot.invalid_grant'], ['installation.needs_reauth', 'installation', 'success', undefined]]],
  ])('when the token provider reports %s, then the audit log gets exactly the matching entries', (_name, event, expected) => {
    const entries = tokenAuditEntries(event, WEB);
    expect(entries.map((e) => [e.action, e.objectType, e.outcome, e.errorCode])).toEqual(expected);
    expect(entries.every((e) => e.portalId === 7 && e.objectId === '7' && e.actor === WEB)).toBe(true);
    expect(entries.every((e) => e.jobId === event.context.jobId && e.requestId === event.context.requestId)).toBe(true);
  });

  it('when wired as a listener, then each event is appended to the audit log as the given actor', async () => {
    const audit = new RecordingAuditLog();
    await auditTokenEvents(audit, WEB)({ kind: 'refreshed', portalId: tenantId(8), context: {} });
    expect(audit.entries).toEqual([expect.objectContaining({ portalId: 8, action: 'token.refreshed', actor: WEB })]);
  });
});
