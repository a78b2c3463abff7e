import { type TenantId, tenantId } from '../../app/ports/ids';
import { startHubSpotSandbox, type HubSpotSandbox } from '../../../sandbox/hubspot-sandbox';
import { collect, spawnCli } from '../../../test/support/cli';
import { buildTestConfig, buildTestEnv } from '../../../test/support/config';
import { freshDataDir } from '../../../test/support/databases';
import { TokenCipher } from '../../adapters/crypto/token-cipher';
import { CriteriaRepository } from '../../adapters/db/criteria.repository';
import { openDatabase } from '../../adapters/db/database';
import { InstallationRepository } from '../../adapters/db/installation.repository';
import { migrate } from '../../adapters/db/migrator';
import { HubSpotHttp } from '../../adapters/hubspot/hubspot-http';
import { HubSpotClient } from '../../adapters/hubspot/hubspot.client';
import { REQUIRED_SCOPES } from '../../adapters/hubspot/oauth-scopes';
import { bootstrapProperties } from '../../adapters/hubspot/bootstrap-properties';
import { buildDefaultCriteria, compileCriteria } from '../../core';
import { EXIT } from '../exit-codes';

/** Spawns the CLI (Node + PGlite start-up): slow on a shared 2-core machine. */
jest.setTimeout(120_000);

async function run(args: string[], env: Record<string, string | undefined>) {
  const child = collect(spawnCli(args, env));
  const code = await child.exited;
  return { code, stdout: child.stdout(), stderr: child.stderr() };
}

describe('carequal effectiveness', () => {
  let sandbox: HubSpotSandbox;
  let env: Record<string, string | undefined>;
  let portalId: TenantId;

  beforeAll(async () => {
    sandbox = await startHubSpotSandbox();
    env = buildTestEnv({ DATA_DIR: freshDataDir('carequal-effectiveness-'), HUBSPOT_API_BASE_URL: sandbox.url, HUBSPOT_AUTH_BASE_URL: sandbox.url, HUBSPOT_CLIENT_ID: 'cli-client', HUBSPOT_CLIENT_SECRET: 'cli-client-secret-0123456789' });
    const config = buildTestConfig(env);
    sandbox.registerApp({ appId: 4243, clientId: 'cli-client', clientSecret: 'cli-client-secret-0123456789', redirectUris: ['https://carequal.test/oauth/callback'], scopes: [...REQUIRED_SCOPES] });
    portalId = tenantId((sandbox.createPortal({ intakeFormFields: true })).portalId);
    const grant = sandbox.installApp({ clientId: 'cli-client', portalId, scopes: [...REQUIRED_SCOPES] });
    const db = await openDatabase({ dataDir: env.DATA_DIR });
    try {
      await migrate(db);
      await new InstallationRepository(db, new TokenCipher('k1', { k1: config.tokenEncryptionKey })).saveInstalled({
        portalId, scopes: [...REQUIRED_SCOPES], dataMode: 'standard', installedByUserId: 1, hubDomain: undefined, accessToken: grant.access_token, refreshToken: grant.refresh_token, expiresAt: new Date(Date.now() + 1_800_000), propertiesVersion: 'p',
      });
      const criteria = new CriteriaRepository(db);
      const saved = await criteria.saveVersion(portalId, buildDefaultCriteria(), { actor: { kind: 'system', role: 'cli' } });
      await criteria.publishVersion(portalId, saved.version, { actor: { kind: 'system', role: 'cli' } });
    } finally {
      await db.close();
    }
    await bootstrapProperties(new HubSpotClient(new HubSpotHttp({ baseUrl: sandbox.url }), { getAccessToken: async () => grant.access_token }), portalId, 'standard');
    const version = compileCriteria(buildDefaultCriteria()).version;
    const lead = (i: number, band: string, booked: boolean) => {
      const arrived = new Date(Date.now() - (1 + (i % 60)) * 86_400_000).toISOString();
      return {
        email: `cli.lead${i}@example.org`, createdate: arrived, carequal_scored_at: arrived, carequal_band: band, carequal_score: '70', carequal_outcome: 'care_ready',
        carequal_route: 'intake_call_now', carequal_rules_version: version, ...(booked ? { lifecyclestage: 'customer' } : {}),
      };
    };
    // 24 high (12 booked) and 6 medium (3 booked: a small cell)
    await sandbox.createContacts(portalId, [...Array.from({ length: 24 }, (_, i) => lead(i, 'high', i % 2 === 0)), ...Array.from({ length: 6 }, (_, i) => lead(50 + i, 'medium', i < 3))]);
  }, 120_000);
  afterAll(() => sandbox?.close());

  it('when run for a portal, then it prints the figures with cells under 11 as "<11" and no contact data', async () => {
    const result = await run(['effectiveness', 'run', '--portal', String(portalId)], env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(EXIT.ok);
    expect(result.stdout).toContain(`for portal ${portalId}: 30 contacts read in 13 HubSpot searches`);
    expect(result.stdout).toContain('inquiries scored: 30, booked: 15 (50%)');
    expect(result.stdout).toContain('band high: 12 booked of 24 (50%)');
    expect(result.stdout).toContain('band medium: <11 booked of <11 (<11)');
    expect(result.stdout).not.toContain('example.org');
  });

  it('when signals are set with an unknown key, then it is a usage error naming the key; valid ones are stored and shown', async () => {
    const bad = await run(['effectiveness', 'signals', '--portal', String(portalId), '--set', '{"bookedStages":["customer"]}'], env);
    expect(bad.code).not.toBe(EXIT.ok);
    expect(bad.stderr).toContain('bookedStages');
    const good = await run(['effectiveness', 'signals', '--portal', String(portalId), '--set', '{"bookedLifecycleStages":["customer"]}'], env);
    expect(good.code).toBe(EXIT.ok);
    expect(JSON.parse(good.stdout)).toMatchObject({ bookedLifecycleStages: ['customer'], dispositionBooked: true });
  });
});
