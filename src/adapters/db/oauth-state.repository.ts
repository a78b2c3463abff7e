import type { OAuthStateRefusal, OAuthStateStore } from '../../app/ports/install.port';
import type { Database } from './database';

/** Consumed and expired states are kept this long (for "replayed" answers), then deleted. */
const RETENTION_MS = 24 * 60 * 60 * 1000;

/** The `oauth_states` table: hashes of single-use, expiring states and of the browser nonce they are bound to. */
export class OAuthStateRepository implements OAuthStateStore {
  constructor(private readonly db: Database) {}

  async create(input: { stateHash: string; browserHash: string; purpose: 'install' | 'console_sign_in'; expiresAt: Date; returnTo?: string }): Promise<void> {
    await this.db.query('DELETE FROM oauth_states WHERE expires_at < $1', [new Date(input.expiresAt.getTime() - RETENTION_MS)]);
    await this.db.query(
      'INSERT INTO oauth_states (state_hash, purpose, browser_hash, return_to, expires_at) VALUES ($1, $2, $3, $4, $5)',
      [input.stateHash, input.purpose, input.browserHash, input.returnTo ?? null, input.expiresAt],
    );
  }

  async consume(input: { stateHash: string; browserHash: string; purpose: 'install' | 'console_sign_in'; now: Date }) {
    const { rows } = await this.db.query<{ return_to: string | null }>(
      `UPDATE oauth_states SET consumed_at = $4 WHERE state_hash = $1 AND browser_hash = $2 AND purpose = $3
         AND consumed_at IS NULL AND expires_at > $4 RETURNING return_to`,
      [input.stateHash, input.browserHash, input.purpose, input.now],
    );
    if (rows[0]) return { ok: true as const, returnTo: rows[0].return_to ?? undefined };
    return { ok: false as const, reason: await this.classify(input) };
  }

  private async classify(input: { stateHash: string; browserHash: string; purpose: string; now: Date }): Promise<OAuthStateRefusal> {
    const { rows } = await this.db.query<{ browser_hash: string; purpose: string; consumed_at: Date | null; expires_at: Date | string }>(
      'SELECT browser_hash, purpose, consumed_at, expires_at FROM oauth_states WHERE state_hash = $1',
      [input.stateHash],
    );
    const row = rows[0];
    if (!row || row.purpose !== input.purpose) return 'unknown';
    if (row.browser_hash !== input.browserHash) return 'foreign';
    if (row.consumed_at) return 'replayed';
    return new Date(row.expires_at).getTime() <= input.now.getTime() ? 'expired' : 'unknown';
  }
}
