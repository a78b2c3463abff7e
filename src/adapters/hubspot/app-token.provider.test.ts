import { AppTokenProvider, JOURNAL_APP_SCOPES } from './app-token.provider';

function fakeOAuth(ttlMs = 1_800_000) {
  let now = new Date('2026-11-22T10:00:00Z');
  const calls: (readonly string[])[] = [];
  const oauth = {
    getClientCredentialsToken: async (scopes: readonly string[]) => {
      calls.push(scopes);
      await new Promise((r) => setImmediate(r));
      return { accessToken: `app-token-${calls.length}`, expiresAt: new Date(now.getTime() + ttlMs) };
    },
  };
  return { oauth, calls, now: () => now, advance: (ms: number) => (now = new Date(now.getTime() + ms)) };
}

describe('AppTokenProvider (client-credentials token of the webhooks journal)', () => {
  it('when several callers ask at once, then one token is fetched with the journal scopes and shared', async () => {
    const f = fakeOAuth();
    const tokens = new AppTokenProvider(f.oauth, f.now);
    expect(await Promise.all([tokens.getToken(), tokens.getToken(), tokens.getToken()])).toEqual(['app-token-1', 'app-token-1', 'app-token-1']);
    expect(f.calls).toEqual([JOURNAL_APP_SCOPES]);
  });

  it('when the token is within a minute of expiring, then a new one is fetched; until then the cached one is used', async () => {
    const f = fakeOAuth();
    const tokens = new AppTokenProvider(f.oauth, f.now);
    await tokens.getToken();
    f.advance(1_800_000 - 61_000);
    expect(await tokens.getToken()).toBe('app-token-1');
    f.advance(2_000);
    expect(await tokens.getToken()).toBe('app-token-2');
  });

  it('when HubSpot refused a token, then invalidating it makes the next call fetch a new one (another token is left alone)', async () => {
    const f = fakeOAuth();
    const tokens = new AppTokenProvider(f.oauth, f.now);
    await tokens.getToken();
    tokens.invalidate('some-older-token');
    expect(await tokens.getToken()).toBe('app-token-1');
    tokens.invalidate('app-token-1');
    expect(await tokens.getToken()).toBe('app-token-2');
  });
});
