import { tenantId, type TenantId } from '../../app/ports/ids';
import { AppError } from '../../app/errors';
import type { Installation, InstallationDirectory, InstallationStatus } from '../../app/ports/tenancy.port';
import type { TokenCipher } from '../crypto/token-cipher';
import type { Database, Queryable } from './database';
import { makeInstallerAdmin } from './console-user.repository';
import type { RecordInstallInput } from '../../app/ports/install.port';
import type { DataMode } from '../../core';

/** An installation as the console and the use cases see it: no tokens. */
export type InstallationRecord = Installation;

/** A portal's decrypted tokens: handed only to the access-token provider, never logged. */
export interface InstallationTokens {
  portalId: TenantId;
  status: InstallationStatus;
  accessToken: string;
  refreshToken: string;
  expiresAt: Date;
}

/** What an install stores: the install use case's record, less what other stores keep. */
export type SaveInstallationInput = Omit<RecordInstallInput, 'defaultCriteria' | 'actor'>;

interface InstallationRow {
  portal_id: number;
  status: InstallationStatus;
  status_reason: string | null;
  scopes: string[];
  installed_by_user_id: number | null;
  hub_domain: string | null;
  access_token_enc: string | null;
  refresh_token_enc: string | null;
  token_key_id: string | null;
  access_token_expires_at: Date | string | null;
  properties_version: string | null;
  data_mode: DataMode;
  properties_bootstrapped_at: Date | string | null;
  installed_at: Date | string;
  updated_at: Date | string;
  uninstalled_at: Date | string | null;
}

const COLUMNS = `portal_id, status, status_reason, scopes, installed_by_user_id, hub_domain, access_token_enc, refresh_token_enc,
  token_key_id, access_token_expires_at, properties_version, properties_bootstrapped_at, installed_at, updated_at, uninstalled_at, data_mode`;

/**
 * The `installations` table. Tokens are sealed with {@link TokenCipher} (AES-256-GCM bound to
 * the portal id) before they reach SQL and opened only in {@link getTokens}; every query is by
 * portal id. Methods that take part in a larger unit of work accept a transaction.
 */
export class InstallationRepository implements InstallationDirectory {
  constructor(
    private readonly db: Database,
    private readonly cipher: TokenCipher,
  ) {}

  async tryGetStatus(portalId: number): Promise<InstallationStatus | undefined> {
    const { rows } = await this.db.query<{ status: InstallationStatus }>('SELECT status FROM installations WHERE portal_id = $1', [portalId]);
    return rows[0]?.status;
  }

  async tryGetDataMode(portalId: number): Promise<DataMode | undefined> {
    const { rows } = await this.db.query<{ data_mode: DataMode }>('SELECT data_mode FROM installations WHERE portal_id = $1', [portalId]);
    return rows[0]?.data_mode;
  }

  async tryGet(portalId: number, q: Queryable = this.db): Promise<InstallationRecord | undefined> {
    const { rows } = await q.query<InstallationRow>(`SELECT ${COLUMNS} FROM installations WHERE portal_id = $1`, [portalId]);
    return rows[0] && toRecord(rows[0]);
  }

  /** Installations in a status (all when omitted), by portal id. */
  async list(status?: InstallationStatus): Promise<InstallationRecord[]> {
    const { rows } = status
      ? await this.db.query<InstallationRow>(`SELECT ${COLUMNS} FROM installations WHERE status = $1 ORDER BY portal_id`, [status])
      : await this.db.query<InstallationRow>(`SELECT ${COLUMNS} FROM installations ORDER BY portal_id`);
    return rows.map(toRecord);
  }

  /**
   * Records a completed install (first or repeated): status active, fresh sealed tokens, the
   * properties version bootstrapped. A repeated install keeps `installed_at`. Returns whether
   * this was the portal's first install (or a re-install after an uninstall).
   */
  async saveInstalled(input: SaveInstallationInput, q: Queryable = this.db): Promise<{ firstInstall: boolean }> {
    const access = this.cipher.seal(input.portalId, 'access', input.accessToken);
    const refresh = this.cipher.seal(input.portalId, 'refresh', input.refreshToken);
    const previous = await q.query<{ status: InstallationStatus }>('SELECT status FROM installations WHERE portal_id = $1', [input.portalId]);
    await q.query(
      `INSERT INTO installations (portal_id, status, status_reason, scopes, installed_by_user_id, hub_domain, access_token_enc, refresh_token_enc,
         token_key_id, access_token_expires_at, properties_version, properties_bootstrapped_at, tokens_refreshed_at, installed_at, updated_at, uninstalled_at, data_mode)
       VALUES ($1, 'active', NULL, $2, $3, $4, $5, $6, $7, $8, $9, now(), now(), now(), now(), NULL, $10)
       ON CONFLICT (portal_id) DO UPDATE SET status = 'active', status_reason = NULL, scopes = EXCLUDED.scopes, data_mode = EXCLUDED.data_mode,
         installed_by_user_id = CASE WHEN installations.status = 'uninstalled' THEN EXCLUDED.installed_by_user_id ELSE COALESCE(installations.installed_by_user_id, EXCLUDED.installed_by_user_id) END,
         hub_domain = COALESCE(EXCLUDED.hub_domain, installations.hub_domain),
         access_token_enc = EXCLUDED.access_token_enc, refresh_token_enc = EXCLUDED.refresh_token_enc, token_key_id = EXCLUDED.token_key_id,
         access_token_expires_at = EXCLUDED.access_token_expires_at,
         properties_bootstrapped_at = CASE WHEN installations.properties_version IS DISTINCT FROM EXCLUDED.properties_version THEN now() ELSE installations.properties_bootstrapped_at END,
         properties_version = EXCLUDED.properties_version, tokens_refreshed_at = now(), updated_at = now(), uninstalled_at = NULL,
         installed_at = CASE WHEN installations.status = 'uninstalled' THEN now() ELSE installations.installed_at END`,
      [input.portalId, [...input.scopes], input.installedByUserId ?? null, input.hubDomain ?? null, access.ciphertext, refresh.ciphertext, access.keyId, input.expiresAt, input.propertiesVersion, input.dataMode],
    );
    // The installing user is the console's admin, on the first install and on every later one.
    if (input.installedByUserId !== undefined) await makeInstallerAdmin(q, input.portalId, input.installedByUserId);
    const was = previous.rows[0]?.status;
    return { firstInstall: was === undefined || was === 'uninstalled' };
  }

  /**
   * The portal's decrypted tokens. Throws `installation.not_found` for a portal that never
   * installed, `installation.uninstalled` after an uninstall, `installation.needs_reauth`
   * after HubSpot refused the refresh token.
   */
  async getTokens(portalId: number, q: Queryable = this.db): Promise<InstallationTokens> {
    const { rows } = await q.query<InstallationRow>(`SELECT ${COLUMNS} FROM installations WHERE portal_id = $1`, [portalId]);
    const row = rows[0];
    if (!row) throw new AppError('installation.not_found', `Portal ${portalId} has not installed CareQual`);
    if (row.status === 'uninstalled') throw new AppError('installation.uninstalled', `CareQual was uninstalled from portal ${portalId}`);
    if (row.status === 'needs_reauth') throw new AppError('installation.needs_reauth', `Portal ${portalId} must reinstall CareQual (HubSpot refused its refresh token)`);
    if (Number(row.portal_id) !== portalId || !row.access_token_enc || !row.refresh_token_enc || !row.token_key_id || !row.access_token_expires_at) {
      throw new AppError('installation.tokens_missing', `Portal ${portalId} has no usable tokens`);
    }
    return {
      portalId: tenantId(portalId),
      status: row.status,
      accessToken: this.cipher.open(portalId, 'access', { ciphertext: row.access_token_enc, keyId: row.token_key_id }),
      refreshToken: this.cipher.open(portalId, 'refresh', { ciphertext: row.refresh_token_enc, keyId: row.token_key_id }),
      expiresAt: new Date(row.access_token_expires_at),
    };
  }

  /** Stores refreshed tokens of an active installation (the caller keeps the old refresh token when HubSpot sent none). */
  async saveRefreshedTokens(portalId: number, tokens: { accessToken: string; refreshToken: string; expiresAt: Date }): Promise<void> {
    const access = this.cipher.seal(portalId, 'access', tokens.accessToken);
    const refresh = this.cipher.seal(portalId, 'refresh', tokens.refreshToken);
    const { rowCount } = await this.db.query(
      `UPDATE installations SET access_token_enc = $2, refresh_token_enc = $3, token_key_id = $4, access_token_expires_at = $5,
         tokens_refreshed_at = now(), updated_at = now() WHERE portal_id = $1 AND status = 'active'`,
      [portalId, access.ciphertext, refresh.ciphertext, access.keyId, tokens.expiresAt],
    );
    if (rowCount === 0) throw new AppError('installation.not_active', `Portal ${portalId} is no longer active; refreshed tokens were not stored`);
  }

  /** active → needs_reauth (HubSpot refused the refresh token). False when it was not active. */
  async markNeedsReauth(portalId: number, reason: string): Promise<boolean> {
    const { rowCount } = await this.db.query(
      `UPDATE installations SET status = 'needs_reauth', status_reason = $2, updated_at = now() WHERE portal_id = $1 AND status = 'active'`,
      [portalId, reason],
    );
    return rowCount > 0;
  }

  /** Marks the portal uninstalled and erases its tokens (the row stays: the audit log refers to it). */
  async markUninstalled(portalId: number, reason: string, q: Queryable = this.db): Promise<boolean> {
    const { rowCount } = await q.query(
      `UPDATE installations SET status = 'uninstalled', status_reason = $2, access_token_enc = NULL, refresh_token_enc = NULL, token_key_id = NULL,
         access_token_expires_at = NULL, uninstalled_at = now(), updated_at = now() WHERE portal_id = $1 AND status <> 'uninstalled'`,
      [portalId, reason],
    );
    return rowCount > 0;
  }

  /** Records that the portal's properties match definitions `version` (bootstrap re-runs on upgrade). */
  async savePropertiesVersion(portalId: number, version: string): Promise<void> {
    await this.db.query(`UPDATE installations SET properties_version = $2, properties_bootstrapped_at = now(), updated_at = now() WHERE portal_id = $1`, [portalId, version]);
  }

  /**
   * Re-seals every row sealed with another key using `target`'s current key; `source` opens
   * them. Row by row, each in its own transaction with a row lock, so a crash leaves every row
   * readable with one of the two keys and a re-run finishes the job.
   */
  async reencryptTokens(source: TokenCipher, target: TokenCipher): Promise<{ rotated: number; unreadable: number[] }> {
    const { rows } = await this.db.query<{ portal_id: number }>(
      'SELECT portal_id FROM installations WHERE token_key_id IS NOT NULL AND token_key_id <> $1 ORDER BY portal_id', [target.currentKeyId],
    );
    let rotated = 0;
    const unreadable: number[] = [];
    for (const { portal_id: portalId } of rows) {
      const ok = await this.db.transaction(async (tx) => {
        const { rows: locked } = await tx.query<InstallationRow>(`SELECT ${COLUMNS} FROM installations WHERE portal_id = $1 FOR UPDATE`, [portalId]);
        const row = locked[0];
        if (!row?.access_token_enc || !row.refresh_token_enc || !row.token_key_id || row.token_key_id === target.currentKeyId) return true;
        let access: string, refresh: string;
        try {
          access = source.open(portalId, 'access', { ciphertext: row.access_token_enc, keyId: row.token_key_id });
          refresh = source.open(portalId, 'refresh', { ciphertext: row.refresh_token_enc, keyId: row.token_key_id });
        } catch {
          return false;
        }
        const a = target.seal(portalId, 'access', access);
        const r = target.seal(portalId, 'refresh', refresh);
        await tx.query('UPDATE installations SET access_token_enc = $2, refresh_token_enc = $3, token_key_id = $4, updated_at = now() WHERE portal_id = $1', [portalId, a.ciphertext, r.ciphertext, a.keyId]);
        return true;
      });
      if (ok) rotated++;
      else unreadable.push(portalId);
    }
    return { rotated, unreadable };
  }
}

const optionalDate = (v: Date | string | null): Date | undefined => (v === null ? undefined : new Date(v));

function toRecord(row: InstallationRow): InstallationRecord {
  return {
    portalId: tenantId(Number(row.portal_id)),
    status: row.status,
    statusReason: row.status_reason ?? undefined,
    scopes: row.scopes ?? [],
    installedByUserId: row.installed_by_user_id === null ? undefined : Number(row.installed_by_user_id),
    hubDomain: row.hub_domain ?? undefined,
    accessTokenExpiresAt: optionalDate(row.access_token_expires_at),
    propertiesVersion: row.properties_version ?? undefined,
    dataMode: row.data_mode,
    propertiesBootstrappedAt: optionalDate(row.properties_bootstrapped_at),
    installedAt: new Date(row.installed_at),
    updatedAt: new Date(row.updated_at),
    uninstalledAt: optionalDate(row.uninstalled_at),
  };
}
