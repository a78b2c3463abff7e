import { RecordingAuditLog } from '../../../test/fakes/pipeline.fakes';
import { contactId, tenantId } from '../ports/ids';
import { purgeContacts } from '../purge-contacts';
import type { ConsolePasskey, ConsoleUser } from './console-access.port';
import { admitPasskeyUser, recordAccessDenied, recordPasskeySignedIn, signOut } from './console-session-events';

const PORTAL = tenantId(4242);
const NOW = new Date('2026-12-03T10:00:00Z');
const passkey: ConsolePasskey = { credentialId: 'cred-1', portalId: PORTAL, userId: 7001, publicKey: 'k', signCount: 3, transports: [], createdAt: NOW, lastUsedAt: undefined };
const user: ConsoleUser = { portalId: PORTAL, userId: 7001, kind: 'staff', role: 'editor', label: 'Front desk', createdAt: NOW };

function setup(status: 'active' | 'uninstalled' = 'active', known = true) {
  const audit = new RecordingAuditLog();
  const uses: Array<[string, number]> = [];
  const deps = {
    audit, clock: { now: () => NOW },
    installations: { tryGet: async () => ({ status }) as never },
    users: { tryGet: async () => (known ? user : undefined) },
    passkeys: { recordUse: async (id: string, count: number) => void uses.push([id, count]) },
  };
  return { deps, audit, uses };
}

describe('console session events (the use cases that audit the console, not its routes)', () => {
  it('when a verified passkey of a known user signs in, then its use is recorded and console.signed_in names the passkey', async () => {
    const { deps, audit, uses } = setup();
    expect(await admitPasskeyUser(deps, passkey, 4, 'req-1')).toEqual({ admitted: true });
    await recordPasskeySignedIn(deps, { portalId: PORTAL, userId: 7001, requestId: 'req-1' });
    expect(uses).toEqual([['cred-1', 4]]);
    expect(audit.entries).toEqual([expect.objectContaining({ portalId: PORTAL, action: 'console.signed_in', actor: { kind: 'user', hubspotUserId: '7001' }, objectType: 'session', objectId: 'passkey', outcome: 'success', requestId: 'req-1' })]);
  });

  it.each([
    ['the WebAuthn check failed', undefined, 'active' as const, true, 'passkey.invalid'],
    ['the installation is gone', 4, 'uninstalled' as const, true, 'installation.not_active'],
    ['the user was removed', 4, 'active' as const, false, 'installation.not_active'],
  ])('when %s, then the passkey is refused, nothing is recorded as used and console.sign_in_failed says why', async (_case, counter, status, known, code) => {
    const { deps, audit, uses } = setup(status, known);
    expect(await admitPasskeyUser(deps, passkey, counter, 'req-2')).toEqual({ admitted: false });
    expect(uses).toEqual([]);
    expect(audit.entries).toEqual([expect.objectContaining({ action: 'console.sign_in_failed', objectType: 'session', objectId: 'passkey', outcome: 'failure', errorCode: code, requestId: 'req-2' })]);
  });

  it('when a user signs out, then the session row goes and console.signed_out is audited', async () => {
    const { audit } = setup();
    const deleted: string[] = [];
    await signOut({ audit, sessions: { delete: async (h: string) => (deleted.push(h), true) } }, 'hash-1', { portalId: PORTAL, userId: 7001 });
    expect(deleted).toEqual(['hash-1']);
    expect(audit.actions()).toEqual(['console.signed_out:']);
    expect(audit.entries[0]).toMatchObject({ objectType: 'session', outcome: 'success' });
  });

  it('when access is refused, then console.access_denied carries the refusal code as a failure', async () => {
    const { audit } = setup();
    await recordAccessDenied({ audit }, { portalId: PORTAL, userId: 7001, requestId: 'r' }, 'auth.forbidden');
    expect(audit.entries).toEqual([expect.objectContaining({ action: 'console.access_denied', errorCode: 'auth.forbidden', outcome: 'failure', requestId: 'r' })]);
  });

  it('when deleted contacts are purged, then their bookkeeping goes and each is audited as contact.purged by the worker', async () => {
    const audit = new RecordingAuditLog();
    const asked: unknown[] = [];
    const outcome = await purgeContacts({ audit, followUps: { purgeContacts: async (p, ids) => (asked.push([p, ids]), 1) } }, { portalId: PORTAL, contactIds: [contactId('11'), contactId('12')] }, 'job-9');
    expect(outcome).toEqual({ contacts: 2, followUpTasksDeleted: 1 });
    expect(asked).toEqual([[PORTAL, ['11', '12']]]);
    expect(audit.actions()).toEqual(['contact.purged:11', 'contact.purged:12']);
    expect(audit.entries[0]).toMatchObject({ actor: { kind: 'system', role: 'worker', jobId: 'job-9' }, jobId: 'job-9', objectType: 'contact' });
  });
});
