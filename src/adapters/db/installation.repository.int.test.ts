import { type TenantId, tenantId } from '../../app/ports/ids';
import { randomBytes } from 'node:crypto';
import { databaseEngines, openTestDatabase } from '../../../test/support/databases';
import { TokenCipher } from '../crypto/token-cipher';
import { dataModeFor } from '../hubspot/oauth-scopes';
import type { Database } from './database';
import { InstallationRepository, type SaveInstallationInput } from './installation.repository';
import { migrate } from './migrator';

const keyA = randomBytes(32);
const keyB = randomBytes(32);

function install(portalId: TenantId, overrides: Partial<SaveInstallationInput> = {}): SaveInstallationInput {
  const scopes = overrides.scopes ?? ['oauth', 'crm.objects.contacts.read', 'crm.objects.contacts.write'];
  return {
    portalId, scopes, dataMode: dataModeFor(scopes), installedByUserId: 501, hubDomain: `portal-${portalId}.example`,
    accessToken: `CQaccess-${portalId}-${randomBytes(12).toString('hex')}`, refreshToken: `na1-refresh-${portalId}-${randomBytes(12).toString('hex')}`,
    expiresAt: new Date('2026-11-22T11:00:00Z'), propertiesVersion: 'props-v1', ...overrides,
  };
}

describe.each(databaseEngines())('InstallationRepository on %s', (engine) => {
  let db: Database;
  let repo: InstallationRepository;
  const cipher = new TokenCipher('k1', { k1: keyA });

  beforeAll(async () => {
    db = await openTestDatabase(engine);
    await migrate(db);
    repo = new InstallationRepository(db, cipher);
  });
  afterAll(() => db.close());

  it('when tokens are stored, then the raw row holds neither token and the key id, and they decrypt back', async () => {
    const input = install(tenantId(1001));
    expect(await repo.saveInstalled(input)).toEqual({ firstInstall: true });
    const { rows } = await db.query<Record<string, unknown>>('SELECT * FROM installations WHERE portal_id = $1', [1001]);
    const raw = JSON.stringify(rows[0]);
    expect(raw).not.toContain(input.accessToken);
    expect(raw).not.toContain(input.refreshToken);
    expect(raw).not.toContain(input.accessToken.slice(8, 30));
    expect(rows[0]).toMatchObject({ token_key_id: 'k1', status: 'active' });
    expect(await repo.getTokens(1001)).toMatchObject({ accessToken: input.accessToken, refreshToken: input.refreshToken, expiresAt: input.expiresAt });
  });

  it('when another key opens the row, then decryption fails; so does a ciphertext copied from another portal', async () => {
    await repo.saveInstalled(install(tenantId(1002)));
    await repo.saveInstalled(install(tenantId(1003)));
    const otherKeySameId = new InstallationRepository(db, new TokenCipher('k1', { k1: keyB }));
    await expect(otherKeySameId.getTokens(1002)).rejects.toMatchObject({ code: 'token.undecryptable' });
    const unknownKeyId = new InstallationRepository(db, new TokenCipher('k2', { k2: keyB }));
    await expect(unknownKeyId.getTokens(1002)).rejects.toMatchObject({ code: 'token.key_unavailable' });

    await db.query(`UPDATE installations SET access_token_enc = (SELECT access_token_enc FROM installations WHERE portal_id = 1003) WHERE portal_id = 1002`);
    await expect(repo.getTokens(1002)).rejects.toMatchObject({ code: 'token.undecryptable' });
    await repo.markUninstalled(1002, 'test_cleanup');
  });

  it('when the same portal installs again, then it is not a first install, installed_at stays and tokens are replaced', async () => {
    await repo.saveInstalled(install(tenantId(1004)));
    const before = await repo.tryGet(1004);
    const again = install(tenantId(1004));
    expect(await repo.saveInstalled(again)).toEqual({ firstInstall: false });
    const after = await repo.tryGet(1004);
    expect(after?.installedAt).toEqual(before?.installedAt);
    expect((await repo.getTokens(1004)).accessToken).toBe(again.accessToken);
  });

  it('when HubSpot refuses the refresh token, then needs_reauth blocks token use; a re-install makes it active again', async () => {
    await repo.saveInstalled(install(tenantId(1005)));
    expect(await repo.markNeedsReauth(1005, 'hubspot.invalid_grant')).toBe(true);
    expect(await repo.markNeedsReauth(1005, 'hubspot.invalid_grant')).toBe(false);
    expect(await repo.tryGetStatus(1005)).toBe('needs_reauth');
    await expect(repo.getTokens(1005)).rejects.toMatchObject({ code: 'installation.needs_reauth' });
    await expect(repo.saveRefreshedTokens(1005, { accessToken: 'a', refreshToken: 'r', expiresAt: new Date() })).rejects.toMatchObject({ code: 'installation.not_active' });
    expect(await repo.saveInstalled(install(tenantId(1005)))).toEqual({ firstInstall: false });
    expect(await repo.tryGetStatus(1005)).toBe('active');
  });

  it('when uninstalled, then the tokens are erased and the row says why', async () => {
    await repo.saveInstalled(install(tenantId(1006)));
    expect(await repo.markUninstalled(1006, 'uninstall_command')).toBe(true);
    const { rows } = await db.query<Record<string, unknown>>('SELECT access_token_enc, refresh_token_enc, token_key_id, status, status_reason FROM installations WHERE portal_id = 1006');
    expect(rows[0]).toEqual({ access_token_enc: null, refresh_token_enc: null, token_key_id: null, status: 'uninstalled', status_reason: 'uninstall_command' });
    await expect(repo.getTokens(1006)).rejects.toMatchObject({ code: 'installation.uninstalled' });
    await expect(repo.getTokens(999_999)).rejects.toMatchObject({ code: 'installation.not_found' });
    expect(await repo.tryGetStatus(999_999)).toBeUndefined();
  });

  it('when rotating keys, then every row is re-sealed with the new key and opens only with it', async () => {
    const inputs = [install(tenantId(1101)), install(tenantId(1102))];
    for (const i of inputs) await repo.saveInstalled(i);
    const newCipher = new TokenCipher('k2', { k2: keyB });
    const result = await repo.reencryptTokens(new TokenCipher('k1', { k1: keyA }), newCipher);
    expect(result.unreadable).toEqual([]);
    expect(result.rotated).toBeGreaterThanOrEqual(2);
    const rotatedRepo = new InstallationRepository(db, newCipher);
    for (const i of inputs) expect((await rotatedRepo.getTokens(i.portalId)).accessToken).toBe(i.accessToken);
    await expect(repo.getTokens(1101)).rejects.toMatchObject({ code: 'token.key_unavailable' });
    expect(await rotatedRepo.reencryptTokens(new TokenCipher('k1', { k1: keyA }), newCipher)).toEqual({ rotated: 0, unreadable: [] });
  });
});
