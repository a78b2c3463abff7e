import { randomUUID } from 'node:crypto';
import type { RedisClient } from './redis';
import type { ContactClaims } from '../../app/ports/pipeline.port';

/** Every key free → set them all with the token and a TTL; otherwise set none. */
const CLAIM_SCRIPT = `
for i, key in ipairs(KEYS) do if redis.call('EXISTS', key) == 1 then return 0 end end
for i, key in ipairs(KEYS) do redis.call('SET', key, ARGV[1], 'PX', ARGV[2]) end
return 1`;
/** Deletes only the keys this claim still holds (an expired-then-retaken key is someone else's). */
const RELEASE_SCRIPT = `
for i, key in ipairs(KEYS) do if redis.call('GET', key) == ARGV[1] then redis.call('DEL', key) end end
return 1`;

/**
 * Claims in Redis, keyed `{prefix}:claim:{portalId}:{contactId}` with the portal as hash tag (one
 * slot per portal, so the scripts work on Redis Cluster). `ttlMs` bounds how long a crashed
 * worker's claim outlives it; it must exceed the longest job (HubSpot retries included).
 */
export function createRedisContactClaims(redis: RedisClient, opts: { prefix: string; ttlMs: number }): ContactClaims {
  const keysOf = (portalId: number, contactIds: readonly string[]) => [...new Set(contactIds)].map((id) => `${opts.prefix}:claim:{${portalId}}:${id}`);
  return {
    async tryClaim(portalId, contactIds) {
      const keys = keysOf(portalId, contactIds);
      if (keys.length === 0) return async () => undefined;
      const token = randomUUID();
      const claimed = await redis.eval(CLAIM_SCRIPT, keys.length, ...keys, token, String(opts.ttlMs));
      if (claimed !== 1) return undefined;
      return async () => void (await redis.eval(RELEASE_SCRIPT, keys.length, ...keys, token).catch(() => undefined)); // expires by TTL anyway
    },
  };
}
