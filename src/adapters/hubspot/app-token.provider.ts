import type { HubSpotOAuthClient } from './hubspot-oauth.client';

/**
 * Scopes of CareQual's app-level token: read the journal, manage its lifecycle subscriptions.
 * Names from HubSpot's guide (developers.hubspot.com/docs/api-reference/latest/webhooks-journal/guide,
 * "Authentication and scopes"); the spec (2026-03/webhooks-journal.json) lists the same
 * permissions as webhooks-journal-data-access and webhooks-journal-subscription-management.
 */
export const JOURNAL_APP_SCOPES = ['developer.webhooks_journal.read', 'developer.webhooks_journal.subscriptions.write'] as const;

/** Renew this long before HubSpot's expiry, so a call never leaves with a token about to die. */
const RENEW_MARGIN_MS = 60_000;

/**
 * The app-level (client-credentials) token the webhooks journal needs: one per process, fetched
 * on first use, renewed a minute before it expires, one fetch in flight at a time. Not a
 * portal's token: it is never stored, only kept in memory.
 */
export class AppTokenProvider {
  private current: { value: string; expiresAt: Date } | undefined;
  private inFlight: Promise<string> | undefined;

  constructor(
    private readonly oauth: Pick<HubSpotOAuthClient, 'getClientCredentialsToken'>,
    private readonly now: () => Date = () => new Date(),
    private readonly scopes: readonly string[] = JOURNAL_APP_SCOPES,
  ) {}

  async getToken(): Promise<string> {
    if (this.current && this.current.expiresAt.getTime() - this.now().getTime() > RENEW_MARGIN_MS) return this.current.value;
    this.inFlight ??= this.oauth
      .getClientCredentialsToken(this.scopes)
      .then((fresh) => {
        this.current = { value: fresh.accessToken, expiresAt: fresh.expiresAt };
        return fresh.accessToken;
      })
      .finally(() => {
        this.inFlight = undefined;
      });
    return this.inFlight;
  }

  /** Forgets a token HubSpot refused (401), so the next call fetches a new one. */
  invalidate(token: string): void {
    if (this.current?.value === token) this.current = undefined;
  }
}
