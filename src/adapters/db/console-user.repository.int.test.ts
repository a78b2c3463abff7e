import { type TenantId, tenantId } from '../../app/ports/ids';
import { databaseEngines, openTestDatabase } from '../../../test/support/databases';
import { InvitationRepository, PasskeyRepository, WebAuthnChallengeRepository } from './console-passkey.repository';
import { ConsoleUserRepository, makeInstallerAdmin, resetConsoleAuthority } from './console-user.repository';
import type { Database } from './database';
import { migrate } from './migrator';

describe.each(databaseEngines())('console identities on %s', (engine) => {
  let db: Database;
  let users: ConsoleUserRepository;
  let invitations: InvitationRepository;
  let passkeys: PasskeyRepository;
  const now = new Date('2026-12-03T09:00:00.000Z');

  beforeAll(async () => {
    db = await openTestDatabase(engine);
    await migrate(db);
    users = new ConsoleUserRepository(db);
    invitations = new InvitationRepository(db);
    passkeys = new PasskeyRepository(db);
  });
  afterAll(() => db.close());

  const invite = (portalId: TenantId, tokenHash: string, expiresAt = new Date(now.getTime() + 3600_000)) =>
    invitations.create({ tokenHash, portalId, role: 'compliance', label: 'Compliance officer', createdBy: 11, createdAt: now, expiresAt });

  it('when a HubSpot user signs in again, then their role stays, unless HubSpot says they are a Super Admin; a role change returns the previous role', async () => {
    await makeInstallerAdmin(db, 501, 11);
    expect((await users.upsertHubSpotUser(501, 12, 'viewer')).role).toBe('viewer');
    expect(await users.setRole(501, 12, 'editor')).toBe('viewer');
    expect((await users.upsertHubSpotUser(501, 12, 'viewer')).role).toBe('editor');
    expect((await users.upsertHubSpotUser(501, 12, 'admin')).role).toBe('admin');
    expect(await users.countAdmins(501)).toBe(2);
    expect(await users.setRole(501, 99, 'admin')).toBeUndefined();
    expect(await users.setRole(502, 12, 'admin')).toBeUndefined(); // another portal's user is nobody here
  });

  it('when an invitation is accepted, then the staff user (with the reserved id, far above HubSpot ids) and their passkey appear together, and the link cannot be used twice', async () => {
    const made = await invite(tenantId(503), 'hash-accept');
    expect(made.userId).toBeGreaterThan(9_000_000_000_000);
    const key = { credentialId: 'cred-accept-AAAAAAAAAAAA', publicKey: 'pQECAyYgASFYIA', signCount: 0, transports: ['internal'] };
    expect(await invitations.accept('hash-accept', now, key)).toBe(true);
    expect(await invitations.accept('hash-accept', now, { ...key, credentialId: 'cred-accept-BBBBBBBBBBBB' })).toBe(false);
    expect(await users.tryGet(503, made.userId)).toMatchObject({ kind: 'staff', role: 'compliance', label: 'Compliance officer' });
    expect(await passkeys.tryGet(key.credentialId)).toMatchObject({ portalId: 503, userId: made.userId, transports: ['internal'] });
    expect(await invitations.listOpen(503, now)).toEqual([]);
  });

  it('when an invitation has expired, then accepting it creates nobody and its expiry is reported once', async () => {
    const made = await invite(tenantId(504), 'hash-expired', new Date(now.getTime() - 1));
    expect(await invitations.accept('hash-expired', now, { credentialId: 'cred-expired-AAAAAAAAAA', publicKey: 'x', signCount: 0, transports: [] })).toBe(false);
    expect(await users.tryGet(504, made.userId)).toBeUndefined();
    expect(await invitations.markExpiryAudited('hash-expired', now)).toBe(true);
    expect(await invitations.markExpiryAudited('hash-expired', now)).toBe(false);
  });

  it('when a user is removed, then their passkeys and sessions go with them; uninstall resets every user, passkey, invitation and session of the portal only', async () => {
    const made = await invite(tenantId(505), 'hash-remove');
    await invitations.accept('hash-remove', now, { credentialId: 'cred-remove-AAAAAAAAAAA', publicKey: 'x', signCount: 0, transports: [] });
    await db.query(`INSERT INTO console_sessions (id_hash, portal_id, user_id, created_at, last_seen_at, expires_at) VALUES ('s-505', 505, $1, now(), now(), now() + interval '1 hour')`, [made.userId]);
    expect(await users.remove(505, made.userId)).toBe(true);
    expect(await passkeys.tryGet('cred-remove-AAAAAAAAAAA')).toBeUndefined();
    expect((await db.query('SELECT 1 FROM console_sessions WHERE id_hash = $1', ['s-505'])).rows).toEqual([]);

    await makeInstallerAdmin(db, 506, 61);
    await makeInstallerAdmin(db, 507, 71);
    await invite(tenantId(506), 'hash-reset');
    await db.query(`INSERT INTO console_sessions (id_hash, portal_id, user_id, created_at, last_seen_at, expires_at) VALUES ('s-506', 506, 61, now(), now(), now() + interval '1 hour')`);
    await db.transaction((tx) => resetConsoleAuthority(tx, 506));
    for (const table of ['console_users', 'console_sessions', 'console_invitations', 'console_passkeys']) {
      const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE portal_id = 506`);
      expect({ table, n: rows[0]!.n }).toEqual({ table, n: 0 });
    }
    expect(await users.tryGet(507, 71)).toMatchObject({ role: 'admin' });
  });

  it('when a WebAuthn challenge is taken, then only once, only by the browser that asked, only for its purpose and before it expires', async () => {
    const challenges = new WebAuthnChallengeRepository(db);
    await challenges.save('browser-a', { purpose: 'authenticate', challenge: 'c-1', invitationHash: undefined }, new Date(now.getTime() + 60_000));
    expect(await challenges.consume('browser-b', 'authenticate', now)).toBeUndefined();
    expect(await challenges.consume('browser-a', 'register', now)).toBeUndefined();
    expect(await challenges.consume('browser-a', 'authenticate', now)).toEqual({ purpose: 'authenticate', challenge: 'c-1', invitationHash: undefined });
    expect(await challenges.consume('browser-a', 'authenticate', now)).toBeUndefined();
    await challenges.save('browser-c', { purpose: 'register', challenge: 'c-2', invitationHash: 'h' }, new Date(now.getTime() - 1));
    expect(await challenges.consume('browser-c', 'register', now)).toBeUndefined();
  });
});
