import { tenantId } from './ports/ids';
import { createRecordingAuditLog } from '../../test/support/recording-audit-log';
import { AppError } from './errors';
import { InstallPortal, sha256 } from './install-portal';
import { dataModeFor } from '../adapters/hubspot/oauth-scopes';
import type { InstallationRecorder, LifecycleSubscriber, OAuthGateway, OAuthStateStore, RecordInstallInput } from './ports/install.port';

const PORTAL = tenantId(62_515_001);

/** An in-memory state store with the same single-use semantics as the table. */
function memoryStates(now: () => Date): OAuthStateStore & { rows: Map<string, { browserHash: string; expiresAt: Date; consumed: boolean }> } {
  const rows = new Map<string, { browserHash: string; expiresAt: Date; consumed: boolean }>();
  return {
    rows,
    async create(i) {
      rows.set(i.stateHash, { browserHash: i.browserHash, expiresAt: i.expiresAt, consumed: false });
    },
    async consume(i) {
      const row = rows.get(i.stateHash);
      if (!row) return { ok: false, reason: 'unknown' };
      if (row.browserHash !== i.browserHash) return { ok: false, reason: 'foreign' };
      if (row.consumed) return { ok: false, reason: 'replayed' };
      if (row.expiresAt <= now()) return { ok: false, reason: 'expired' };
      row.consumed = true;
      return { ok: true, returnTo: undefined };
    },
  };
}

function setup(opts: { bootstrapFails?: boolean; alreadyInstalled?: boolean; lifecycle?: LifecycleSubscriber; grantedScopes?: string[]; previousMode?: 'sensitive' | 'standard' } = {}) {
  let now = new Date('2026-11-22T10:00:00Z');
  const audit = createRecordingAuditLog();
  const states = memoryStates(() => now);
  const revoked: string[] = [];
  const recorded: RecordInstallInput[] = [];
  const oauth: OAuthGateway = {
    exchangeCode: async (code) => {
      if (code === 'hubspot-down') throw new AppError('hubspot.unavailable', 'HubSpot answered 503', { retryable: true });
      if (code !== 'good-code') throw new AppError('hubspot.invalid_grant', 'bad code');
      return { accessToken: 'CQaccess', refreshToken: 'na1-refresh', expiresAt: new Date(now.getTime() + 1_800_000), portalId: PORTAL, userId: 501, scopes: ['oauth'] };
    },
    introspectToken: async () => {
      const scopes = opts.grantedScopes ?? ['oauth', 'crm.objects.contacts.read'];
      return { portalId: PORTAL, userId: 501, hubDomain: 'midtown.example', scopes, dataMode: dataModeFor(scopes) };
    },
    revokeRefreshToken: async (t) => void revoked.push(t),
  };
  const recorder: InstallationRecorder = {
    recordInstall: async (input) => {
      recorded.push(input);
      return { firstInstall: !opts.alreadyInstalled, criteria: { created: !opts.alreadyInstalled, version: 1, hash: 'a'.repeat(64) } };
    },
    isInstalled: async () => opts.alreadyInstalled === true,
    tryGetDataMode: async () => opts.previousMode,
  };
  const bootstrapModes: string[] = [];
  const install = new InstallPortal({
    config: { clientId: 'cid', authBaseUrl: 'https://app.hubspot.test', redirectUri: 'https://carequal.test/oauth/callback', requiredScopes: ['oauth', 'crm.objects.contacts.read'], optionalScopes: ['crm.objects.contacts.sensitive.read.v2'] },
    states, oauth, recorder, audit, clock: { now: () => now },
    bootstrap: async (_portalId, _token, mode) => {
      bootstrapModes.push(mode);
      if (opts.bootstrapFails) throw new AppError('hubspot.unavailable', 'HubSpot properties failed with 503', { retryable: true });
      return { version: 'props-v1', created: ['carequal_score'], updated: [] };
    },
    lifecycle: opts.lifecycle,
    warn: () => undefined,
  });
  const advance = (ms: number) => (now = new Date(now.getTime() + ms));
  return { install, audit, states, revoked, recorded, advance, bootstrapModes };
}

async function started(install: InstallPortal) {
  const start = await install.start();
  const state = new URL(start.authorizeUrl).searchParams.get('state')!;
  return { ...start, state };
}

describe('InstallPortal data mode', () => {
  const SENSITIVE_GRANT = ['oauth', 'crm.objects.contacts.read', 'crm.objects.contacts.sensitive.read.v2', 'crm.objects.contacts.sensitive.write.v2'];

  it.each([
    ['HubSpot left the optional sensitive scopes out', ['oauth', 'crm.objects.contacts.read'], 'standard'],
    ['HubSpot granted only the sensitive read scope', ['oauth', 'crm.objects.contacts.sensitive.read.v2'], 'standard'],
    ['HubSpot granted both sensitive scopes', SENSITIVE_GRANT, 'sensitive'],
  ])('when %s, then the properties are bootstrapped in %s mode', async (_label, grantedScopes, mode) => {
    const { install, bootstrapModes } = setup({ grantedScopes });
    const { state, browserNonce } = await started(install);
    expect((await install.complete({ code: 'good-code', state, browserNonce })).dataMode).toBe(mode);
    expect(bootstrapModes).toEqual([mode]);
  });

  it('when a standard installation is installed again with the sensitive scopes (an upgrade), then it is re-bootstrapped sensitive and the switch is audited', async () => {
    const { install, audit, bootstrapModes } = setup({ grantedScopes: SENSITIVE_GRANT, previousMode: 'standard', alreadyInstalled: true });
    const { state, browserNonce } = await started(install);
    await install.complete({ code: 'good-code', state, browserNonce });
    expect(bootstrapModes).toEqual(['sensitive']);
    expect(audit.entries).toContainEqual(expect.objectContaining({ action: 'installation.data_mode_changed', objectId: `${PORTAL}:standard:sensitive`, outcome: 'success' }));
  });

  it('when the mode stays the same, then no mode change is audited', async () => {
    const { install, audit } = setup({ grantedScopes: SENSITIVE_GRANT, previousMode: 'sensitive', alreadyInstalled: true });
    const { state, browserNonce } = await started(install);
    await install.complete({ code: 'good-code', state, browserNonce });
    expect(audit.entries.map((e) => e.action)).not.toContain('installation.data_mode_changed');
  });
});

describe('InstallPortal', () => {
  it('when an install starts, then the authorize URL names client, redirect, scopes and a state, and only hashes are stored', async () => {
    const { install, states } = setup();
    const { authorizeUrl, browserNonce, state } = await started(install);
    const url = new URL(authorizeUrl);
    expect(`${url.origin}${url.pathname}`).toBe('https://app.hubspot.test/oauth/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: 'cid', redirect_uri: 'https://carequal.test/oauth/callback', scope: 'oauth crm.objects.contacts.read',
      optional_scope: 'crm.objects.contacts.sensitive.read.v2', state,
    });
    expect([...states.rows.keys()]).toEqual([sha256(state)]);
    expect(states.rows.get(sha256(state))?.browserHash).toBe(sha256(browserNonce));
    expect(JSON.stringify([...states.rows])).not.toContain(state);
  });

  it('when the callback is good, then the install is recorded with the installing user and fully audited', async () => {
    const { install, audit, recorded } = setup();
    const { state, browserNonce } = await started(install);
    expect(await install.complete({ code: 'good-code', state, browserNonce, requestId: 'req-1' })).toEqual({ portalId: PORTAL, firstInstall: true, criteriaVersion: 1, dataMode: 'standard', fromMarketplace: false });
    expect(recorded[0]).toMatchObject({ portalId: PORTAL, installedByUserId: 501, refreshToken: 'na1-refresh', propertiesVersion: 'props-v1', hubDomain: 'midtown.example' });
    expect(audit.entries.map((e) => e.action)).toEqual(['installation.installed', 'token.issued', 'properties.bootstrapped', 'criteria.saved', 'criteria.published']);
    expect(audit.entries.every((e) => e.actor.kind === 'user' && e.actor.hubspotUserId === '501' && e.requestId === 'req-1')).toBe(true);
  });

  it.each([
    ['replayed', 'replayed', async (i: InstallPortal, s: { state: string; browserNonce: string }) => {
      await i.complete({ code: 'good-code', ...s });
      return i.complete({ code: 'good-code', ...s });
    }],
    ['foreign (another browser\'s cookie)', 'foreign', async (i: InstallPortal, s: { state: string; browserNonce: string }) => i.complete({ code: 'good-code', state: s.state, browserNonce: (await i.start()).browserNonce })],
    ['without the cookie', 'no_cookie', async (i: InstallPortal, s: { state: string }) => i.complete({ code: 'good-code', state: s.state })],
    ['unknown', 'unknown', async (i: InstallPortal, s: { browserNonce: string }) => i.complete({ code: 'good-code', state: 'made-up-state', browserNonce: s.browserNonce })],
  ])('when the state is %s, then it is refused (%s) and that attempt stores nothing', async (_name, reason, attempt) => {
    const { install, recorded } = setup();
    const s = await started(install);
    await expect(attempt(install, s)).rejects.toMatchObject({ code: 'oauth.state_invalid', reason });
    expect(recorded.length).toBe(reason === 'replayed' ? 1 : 0);
  });

  it('when HubSpot\'s marketplace starts the install (no state, no cookie), then the code alone installs the portal, fully audited, and says so', async () => {
    const { install, audit, recorded, states } = setup();
    expect(await install.complete({ code: 'good-code', fromMarketplace: true })).toMatchObject({ portalId: PORTAL, firstInstall: true, fromMarketplace: true });
    expect(recorded[0]).toMatchObject({ portalId: PORTAL, installedByUserId: 501 });
    expect(audit.entries.map((e) => e.action)).toEqual(['installation.installed', 'token.issued', 'properties.bootstrapped', 'criteria.saved', 'criteria.published']);
    expect(states.rows.size).toBe(0);
  });

  it.each([
    ['a state', { state: 'some-state' }],
    ['CareQual\'s install cookie', { browserNonce: 'a-nonce' }],
  ])('when a marketplace callback carries %s, then it is refused as a tampered flow and nothing is stored', async (_what, extra) => {
    const { install, recorded } = setup();
    await expect(install.complete({ code: 'good-code', fromMarketplace: true, ...extra })).rejects.toMatchObject({ code: 'oauth.state_invalid', reason: 'marketplace_with_state' });
    expect(recorded).toEqual([]);
  });

  it('when a marketplace callback brings a code HubSpot refuses, then it is oauth.code_invalid and nothing is stored', async () => {
    const { install, recorded } = setup();
    await expect(install.complete({ code: 'stale-code', fromMarketplace: true })).rejects.toMatchObject({ code: 'oauth.code_invalid' });
    expect(recorded).toEqual([]);
  });

  it('when the state is older than 10 minutes, then it is refused as expired', async () => {
    const { install, advance } = setup();
    const s = await started(install);
    advance(10 * 60 * 1000 + 1);
    await expect(install.complete({ code: 'good-code', ...s })).rejects.toMatchObject({ code: 'oauth.state_invalid', reason: 'expired' });
  });

  it('when the admin cancels in HubSpot, then the answer is access_denied and nothing is stored', async () => {
    const { install, recorded } = setup();
    const s = await started(install);
    await expect(install.complete({ error: 'access_denied', ...s })).rejects.toMatchObject({ code: 'oauth.access_denied' });
    expect(recorded).toEqual([]);
  });

  it('when HubSpot refuses the code (stale, reused or forged), then it is oauth.code_invalid (a 400 for the browser, not retried) and nothing is stored', async () => {
    const { install, recorded } = setup();
    const s = await started(install);
    await expect(install.complete({ code: 'stale-code', ...s })).rejects.toMatchObject({ code: 'oauth.code_invalid', retryable: false });
    expect(recorded).toEqual([]);
  });

  it('when the code exchange fails because HubSpot is unavailable, then it is oauth.exchange_failed (retryable) and nothing is stored', async () => {
    const { install, recorded } = setup();
    const s = await started(install);
    await expect(install.complete({ code: 'hubspot-down', ...s })).rejects.toMatchObject({ code: 'oauth.exchange_failed', retryable: true });
    expect(recorded).toEqual([]);
  });

  it('when bootstrap fails for a new portal, then nothing is stored, the fresh grant is revoked and the failure audited', async () => {
    const { install, recorded, revoked, audit } = setup({ bootstrapFails: true });
    const s = await started(install);
    await expect(install.complete({ code: 'good-code', ...s })).rejects.toMatchObject({ code: 'install.bootstrap_failed', retryable: true });
    expect(recorded).toEqual([]);
    expect(revoked).toEqual(['na1-refresh']);
    expect(audit.entries).toEqual([expect.objectContaining({ action: 'installation.installed', outcome: 'failure', errorCode: 'hubspot.unavailable' })]);
  });

  it('when bootstrap fails on a re-install, then the existing installation is left as it was (nothing revoked)', async () => {
    const { install, recorded, revoked } = setup({ bootstrapFails: true, alreadyInstalled: true });
    const s = await started(install);
    await expect(install.complete({ code: 'good-code', ...s })).rejects.toMatchObject({ code: 'install.bootstrap_failed' });
    expect(recorded).toEqual([]);
    expect(revoked).toEqual([]);
  });

  it('when the portal installs again, then criteria entries are not audited a second time', async () => {
    const { install, audit } = setup({ alreadyInstalled: true });
    const s = await started(install);
    expect(await install.complete({ code: 'good-code', ...s })).toMatchObject({ firstInstall: false });
    expect(audit.entries.map((e) => e.action)).toEqual(['installation.installed', 'token.issued', 'properties.bootstrapped']);
  });

  it('when an install completes, then the portal is subscribed to its lifecycle events; when that fails, the install still succeeds', async () => {
    const subscribed: number[] = [];
    const ok = setup({ lifecycle: { subscribe: async (p) => void subscribed.push(p) } });
    expect(await ok.install.complete({ code: 'good-code', ...(await started(ok.install)) })).toMatchObject({ portalId: PORTAL });
    expect(subscribed).toEqual([PORTAL]);

    const failing = setup({ lifecycle: { subscribe: async () => { throw new AppError('hubspot.unavailable', 'HubSpot answered 503', { retryable: true }); } } });
    expect(await failing.install.complete({ code: 'good-code', ...(await started(failing.install)) })).toMatchObject({ portalId: PORTAL, firstInstall: true });
    expect(failing.recorded).toHaveLength(1);
  });
});
