import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { AppError } from '../../app/errors';

/** Which token a ciphertext holds: part of the authenticated data, so the two cannot be swapped. */
export type TokenKind = 'access' | 'refresh';

/** A sealed token as stored: "iv.tag.data" (base64 each) and the id of the key that sealed it. */
export interface SealedToken {
  ciphertext: string;
  keyId: string;
}

const IV_BYTES = 12; // GCM's recommended nonce size
const TAG_BYTES = 16;
const FORMAT_VERSION = 'v1';

/**
 * AES-256-GCM for OAuth tokens at rest (node:crypto; no library needed for one AEAD call).
 *
 * Each ciphertext authenticates "carequal-token:v1:<portalId>:<kind>" as additional data, so a
 * token sealed for portal B does not open as portal A's (a row copied or mixed up between
 * portals fails to decrypt instead of handing out the wrong tenant's token), and an access
 * token cannot pose as a refresh token. A fresh random 96-bit IV per seal.
 */
export class TokenCipher {
  private readonly keys: ReadonlyMap<string, Buffer>;

  /**
   * @param currentKeyId the key new ciphertexts are sealed with
   * @param keys every key this process may open ciphertexts with, by id (the current one included)
   */
  constructor(
    readonly currentKeyId: string,
    keys: ReadonlyMap<string, Buffer> | Record<string, Buffer>,
  ) {
    this.keys = keys instanceof Map ? new Map(keys) : new Map(Object.entries(keys));
    for (const [id, key] of this.keys) if (key.length !== 32) throw new Error(`token key ${id} must be 32 bytes`);
    if (!this.keys.has(currentKeyId)) throw new Error(`the current token key ${currentKeyId} is not among the keys`);
  }

  /** Seals a token for one portal with the current key. */
  seal(portalId: number, kind: TokenKind, token: string): SealedToken {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.currentKeyId)!, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(associatedData(portalId, kind));
    const data = Buffer.concat([cipher.update(token, 'utf8'), cipher.final()]);
    const ciphertext = [iv, cipher.getAuthTag(), data].map((b) => b.toString('base64')).join('.');
    return { ciphertext, keyId: this.currentKeyId };
  }

  /**
   * Opens a sealed token. Throws `token.key_unavailable` when this process lacks the key id
   * (retryable: a rotation may be under way) and `token.undecryptable` when the ciphertext does
   * not authenticate (wrong key, wrong portal, tampered).
   */
  open(portalId: number, kind: TokenKind, sealed: SealedToken): string {
    const key = this.keys.get(sealed.keyId);
    if (!key) throw new AppError('token.key_unavailable', `No token key with id ${sealed.keyId} is configured`, { retryable: true });
    const parts = sealed.ciphertext.split('.');
    if (parts.length !== 3) throw undecryptable();
    const [iv, tag, data] = parts.map((p) => Buffer.from(p, 'base64')) as [Buffer, Buffer, Buffer];
    if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw undecryptable();
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(associatedData(portalId, kind));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
    } catch (cause) {
      throw undecryptable(cause);
    }
  }

  /** True when this ciphertext was sealed with an older key and should be re-sealed. */
  needsRotation(sealed: SealedToken): boolean {
    return sealed.keyId !== this.currentKeyId;
  }
}

function associatedData(portalId: number, kind: TokenKind): Buffer {
  if (!Number.isSafeInteger(portalId) || portalId <= 0) throw new AppError('portal.invalid', 'A portal id must be a positive integer');
  return Buffer.from(`carequal-token:${FORMAT_VERSION}:${portalId}:${kind}`, 'utf8');
}

function undecryptable(cause?: unknown): AppError {
  return new AppError('token.undecryptable', 'A stored token could not be decrypted with the configured key', { cause });
}
