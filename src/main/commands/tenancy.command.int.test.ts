import { tenantId } from '../../app/ports/ids';
import { randomBytes } from 'node:crypto';
import { startHubSpotSandbox, type HubSpotSandbox } from '../../../sandbox/hubspot-sandbox';
import { collect, spawnCli } from '../../../test/support/cli';
import { buildTestEnv } from '../../../test/support/config';
import { freshDataDir } from '../../../test/support/databases';
import { TokenCipher } from '../../adapters/crypto/token-cipher';
import { openDatabase, type Database } from '../../adapters/db/database';
import { InstallationRepository } from '../../adapters/db/installation.repository';
import { migrate } from '../../adapters/db/migrator';
import { EXIT } from '../exit-codes';

/** Each test spawns the CLI (Node + PGlite start-up) once or twice: slow on a shared 2-core machine. */
jest.setTimeout(120_000);

async function withDatabase<T>(dataDir: string, fn: (db: Database) => Promise<T>): Promise<T> {
  const db = await openDatabase({ dataDir });
  try {
    await migrate(db);
    return await fn(db);
  } finally {
    await db.close();
  }
}

async function run(args: string[], env: Record<string, string | undefined>) {
  const child = collect(spawnCli(args, env));
  const code = await child.exited;
  return { code, stdout: child.stdout(), stderr: child.stderr() };
}

describe('carequal rotate-key', () => {
  it('when run with the old key in an environment variable, then every token is re-sealed with the new key and none is printed', async () => {
    const dataDir = freshDataDir('carequal-rotate-');
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    const tokens = [{ portalId: 5101, access: `CQ${randomBytes(20).toString('hex')}`, refresh: `na1-${randomBytes(12).toString('hex')}` }, { portalId: 5102, access: `CQ${randomBytes(20).toString('hex')}`, refresh: `na1-${randomBytes(12).toString('hex')}` }];
    await withDatabase(dataDir, async (db) => {
      const repo = new InstallationRepository(db, new TokenCipher('k1', { k1: oldKey }));
      for (const t of tokens) {
        await repo.saveInstalled({ portalId: tenantId(t.portalId), scopes: ['oauth'], dataMode: 'standard', installedByUserId: 1, hubDomain: undefined, accessToken: t.access, refreshToken: t.refresh, expiresAt: new Date(Date.now() + 60_000), propertiesVersion: 'p' });
      }
    });
    const env = buildTestEnv({ DATA_DIR: dataDir, TOKEN_ENCRYPTION_KEY: newKey.toString('hex'), TOKEN_ENCRYPTION_KEY_ID: 'k2', TOKEN_ENCRYPTION_OLD_KEY: oldKey.toString('base64') });
    const result = await run(['rotate-key', '--old-key-id', 'k1'], env);
    expect(result.code).toBe(EXIT.ok);
    expect(result.stdout).toContain('re-encrypted 2 installation(s) with key k2');
    for (const t of tokens) expect(result.stdout + result.stderr).not.toContain(t.access);

    await withDatabase(dataDir, async (db) => {
      const rotated = new InstallationRepository(db, new TokenCipher('k2', { k2: newKey }));
      for (const t of tokens) expect(await rotated.getTokens(t.portalId)).toMatchObject({ accessToken: t.access, refreshToken: t.refresh });
      await expect(new InstallationRepository(db, new TokenCipher('k1', { k1: oldKey })).getTokens(5101)).rejects.toMatchObject({ code: 'token.key_unavailable' });
    });
  });

  it('when the old key variable is missing, then it refuses with a usage error naming the variable', async () => {
    const dataDir = freshDataDir('carequal-rotate-');
    const result = await run(['rotate-key', '--old-key-id', 'k0', '--old-key-env', 'MY_OLD_KEY'], buildTestEnv({ DATA_DIR: dataDir }));
    expect(result.code).toBe(EXIT.usage);
    expect(result.stderr).toContain('MY_OLD_KEY');
  });
});

describe('carequal uninstall', () => {
  let sandbox: HubSpotSandbox;
  beforeAll(async () => {
    sandbox = await startHubSpotSandbox();
  });
  afterAll(() => sandbox.close());

  it('when run for an installed portal, then HubSpot uninstalls the app and the portal is purged', async () => {
    const dataDir = freshDataDir('carequal-uninstall-');
    const env = buildTestEnv({ DATA_DIR: dataDir, HUBSPOT_API_BASE_URL: sandbox.url, HUBSPOT_AUTH_BASE_URL: sandbox.url, HUBSPOT_CLIENT_ID: 'cli-client', HUBSPOT_CLIENT_SECRET: 'cli-client-secret-0123456789' });
    sandbox.registerApp({ appId: 4242, clientId: 'cli-client', clientSecret: 'cli-client-secret-0123456789', redirectUris: ['https://carequal.test/oauth/callback'], scopes: ['oauth'] });
    const { portalId } = sandbox.createPortal();
    const grant = sandbox.installApp({ clientId: 'cli-client', portalId });
    await withDatabase(dataDir, async (db) => {
      const repo = new InstallationRepository(db, new TokenCipher('k1', { k1: Buffer.from(env.TOKEN_ENCRYPTION_KEY!, 'hex') }));
      await repo.saveInstalled({ portalId: tenantId(portalId), scopes: ['oauth'], dataMode: 'standard', installedByUserId: 1, hubDomain: undefined, accessToken: grant.access_token, refreshToken: grant.refresh_token, expiresAt: new Date(Date.now() + 1_800_000), propertiesVersion: 'p' });
    });
    const result = await run(['uninstall', '--portal', String(portalId)], env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(EXIT.ok);
    expect(result.stdout).toContain(`portal ${portalId}: uninstalled (HubSpot app uninstall done, refresh token revoked`);
    expect(result.stdout).not.toContain(grant.access_token);
    await withDatabase(dataDir, async (db) => {
      const { rows } = await db.query<{ status: string; refresh_token_enc: string | null }>('SELECT status, refresh_token_enc FROM installations WHERE portal_id = $1', [portalId]);
      expect(rows[0]).toEqual({ status: 'uninstalled', refresh_token_enc: null });
      const audit = await db.query<{ action: string }>('SELECT action FROM audit_log WHERE portal_id = $1 ORDER BY seq', [portalId]);
      expect(audit.rows.map((r) => r.action)).toEqual(['installation.uninstalled', 'token.revoked']);
    });
    const again = await run(['uninstall', '--portal', String(portalId)], env);
    expect(again.code).toBe(EXIT.failure);
    expect(again.stderr).toContain('already uninstalled');
  });
});
